/* gongkai default theme: the large-text / high-contrast mode (适老化).
   The page works without this script; it only adds the toggle button. */
(function () {
  'use strict';
  var KEY = 'gongkai-large-text';
  var CLASS = 'large-text';
  var root = document.documentElement;

  // Storage may be missing or throw (privacy modes, file:// in some browsers).
  function load() {
    try { return window.localStorage.getItem(KEY) === '1'; } catch (e) { return false; }
  }
  function save(on) {
    try {
      if (on) { window.localStorage.setItem(KEY, '1'); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* the choice lasts for this page only */ }
  }
  function apply(on) {
    if (on) { root.classList.add(CLASS); } else { root.classList.remove(CLASS); }
  }

  // Apply the remembered choice at once, before the button is wired up.
  if (load()) { apply(true); }

  function init() {
    var button = document.getElementById('large-text-toggle');
    if (!button) { return; }
    button.setAttribute('aria-pressed', root.classList.contains(CLASS) ? 'true' : 'false');
    button.hidden = false;
    button.addEventListener('click', function () {
      var on = !root.classList.contains(CLASS);
      apply(on);
      save(on);
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
