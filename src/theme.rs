//! Themes: the templates, static assets and interface strings a site is rendered with.
//!
//! The default theme is embedded in the binary. A site may name another theme folder with
//! `site.theme` (`themes/<name>/` in the site), and may override single templates, assets or
//! strings with its own `templates/`, `static/` and `i18n/` folders; anything not overridden
//! comes from the default theme.

use crate::catalog::Language;
use crate::diag::{Diagnostic, rel_path};
use crate::t;
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Strings the Rust side of gongkai uses itself; every i18n file must define them.
pub const REQUIRED_KEYS: &[&str] = &[
    "nav.home",
    "nav.guide",
    "nav.rules",
    "nav.catalog",
    "nav.reports",
    "nav.apply",
    "nav.publishers",
    "channel.website",
    "channel.gazette",
    "channel.wechat-weibo-app",
    "channel.press-conference",
    "channel.radio-tv",
    "channel.print-media",
    "channel.reading-room",
    "channel.service-center",
    "channel.service-station",
    "channel.door-to-door",
    "channel.bulletin-board",
    "channel.targeted-push",
    "channel.other",
    "audience.public",
    "audience.specific",
    "method.proactive",
    "method.on-request",
    "method_short.proactive",
    "method_short.on-request",
    "level.county",
    "level.township",
    "level.village",
    "cycle.monthly",
    "cycle.quarterly",
    "cycle.yearly",
    "validity.valid",
    "validity.repealed",
    "kind.normative",
    "kind.regulation",
    "kind.other",
    "title.catalog",
    "title.publishers",
    "title.reports",
    "title.not_found",
    "title.opendata",
];

/// A theme's files after overrides are applied.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Template name (`record.html`) → source text.
    pub templates: BTreeMap<String, String>,
    /// Which file each template came from, for error messages.
    pub template_origin: BTreeMap<String, String>,
    /// Path under `static/` → contents.
    pub assets: BTreeMap<String, std::sync::Arc<Vec<u8>>>,
    /// Interface strings of the site's language.
    pub strings: BTreeMap<String, String>,
}

impl Theme {
    /// Loads the theme for a site rooted at `root`.
    pub fn load(
        root: &Path,
        theme_name: &str,
        language: Language,
    ) -> anyhow::Result<(Theme, Vec<Diagnostic>)> {
        let mut diags = Vec::new();
        let mut theme = Theme {
            templates: BTreeMap::new(),
            template_origin: BTreeMap::new(),
            assets: BTreeMap::new(),
            strings: BTreeMap::new(),
        };
        let lang_file = format!("i18n/{}.yaml", language.code());
        let mut string_sources: Vec<(String, String)> = Vec::new();
        for (path, bytes) in DEFAULT_THEME {
            theme.add(
                path,
                bytes,
                &t!("(default theme) {path}", path),
                &lang_file,
                &mut string_sources,
                &mut diags,
            );
        }
        let mut layers = Vec::new();
        if theme_name != "default" {
            let dir = root.join("themes").join(theme_name);
            if dir.is_dir() {
                layers.push(dir);
            } else {
                diags.push(
                    Diagnostic::error(
                        crate::catalog::CATALOG_FILE,
                        t!(
                            "site.theme `{theme_name}`: there is no folder themes/{theme_name}",
                            theme_name
                        ),
                    )
                    .help(t!("create the theme folder, or use `theme: default`")),
                );
            }
        }
        layers.push(root.to_path_buf());
        for layer in layers {
            for sub in ["templates", "static", "i18n"] {
                let dir = layer.join(sub);
                if !dir.is_dir() {
                    continue;
                }
                for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
                    let entry = entry?;
                    if !entry.file_type().is_file()
                        || crate::load::is_ignored_name(&entry.file_name().to_string_lossy())
                    {
                        continue;
                    }
                    let bytes = std::fs::read(entry.path()).map_err(|e| {
                        anyhow::Error::new(e)
                            .context(t!("reading {path}", path = entry.path().display()))
                    })?;
                    let in_theme = rel_path(&layer, entry.path());
                    theme.add(
                        &in_theme,
                        &bytes,
                        &rel_path(root, entry.path()),
                        &lang_file,
                        &mut string_sources,
                        &mut diags,
                    );
                }
            }
        }
        for (origin, text) in string_sources {
            match serde_yaml::from_str::<BTreeMap<String, String>>(&text) {
                Ok(map) => theme.strings.extend(map),
                Err(e) => diags.push(crate::text::yaml_error(&origin, &e, 1)),
            }
        }
        for key in REQUIRED_KEYS.iter().chain(crate::report_view::KEYS) {
            if !theme.strings.contains_key(*key) {
                diags.push(
                    Diagnostic::error(
                        lang_file.clone(),
                        t!("interface string `{key}` is missing", key),
                    )
                    .help(t!("add the key to the theme's i18n file")),
                );
            }
        }
        Ok((theme, diags))
    }

    fn add(
        &mut self,
        path: &str,
        bytes: &[u8],
        origin: &str,
        lang_file: &str,
        strings: &mut Vec<(String, String)>,
        diags: &mut Vec<Diagnostic>,
    ) {
        if let Some(name) = path.strip_prefix("templates/") {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    self.templates.insert(name.to_string(), text.to_string());
                    self.template_origin
                        .insert(name.to_string(), origin.to_string());
                }
                Err(e) => diags.push(crate::text::invalid_utf8(origin, bytes, e)),
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            self.assets
                .insert(name.to_string(), std::sync::Arc::new(bytes.to_vec()));
        } else if path == lang_file {
            match std::str::from_utf8(bytes) {
                Ok(text) => strings.push((origin.to_string(), text.to_string())),
                Err(e) => diags.push(crate::text::invalid_utf8(origin, bytes, e)),
            }
        }
    }

    /// The interface string `key`, or the key itself when a theme lacks it.
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}
