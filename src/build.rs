//! The one place that knows the order of the stages:
//! load → resolve → render → redirects → (collision check) → write.
//!
//! Every stage adds its diagnostics; when any is an error, nothing is written and the
//! previous output stays exactly as it was.

use crate::catalog::{Catalog, normalize_base_url};
use crate::diag::{self, Diagnostic};
use crate::fingerprint;
use crate::load;
use crate::output::{self, WriteStats};
use crate::render::{self, OutputFile};
use crate::site::{self, ResolveOptions};
use crate::t;
use crate::theme::Theme;
use crate::urls::Linker;
use anyhow::bail;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `root/public` when absent.
    pub out_dir: Option<PathBuf>,
    /// Overrides `site.base_url`.
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// Skips the search index (`--no-search`): quicker previews and timing.
    pub no_search: bool,
    /// Renders pages with their search box but leaves out the search index and the open-data
    /// files (and their page), for `serve`, which makes those whole-site files only when they
    /// are asked for or the editor pauses.
    pub defer_search_and_data: bool,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out_dir
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site rendered in memory.
#[derive(Debug, Default)]
pub struct Built {
    /// Sorted; errors mean `files` must not be published.
    pub diagnostics: Vec<Diagnostic>,
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    pub records: usize,
    pub pages: usize,
}

impl Built {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// What a long-running process (`serve`) keeps from one build to the next, so that a rebuild
/// after a save parses only the changed files, renders only the Markdown whose text or links
/// changed, scans only changed files for personal numbers, and fills only the templates of
/// pages whose data changed. Every stage still runs over the whole site, so the result is
/// the same as a clean build's.
#[derive(Debug, Default)]
pub struct Cache {
    sources: load::SourceCache,
    bodies: site::BodyMemo,
    scans: crate::audit::scan::ScanCache,
    pages: render::Memo,
}

impl Cache {
    /// Forgets what is known of a changed file (a path relative to the site root), whatever
    /// its size and modification time say.
    pub fn forget(&mut self, file: &str) {
        self.sources.forget(file);
        self.scans.forget(file);
    }

    /// Pages rendered and pages reused by the last build.
    pub fn pages_rendered(&self) -> (usize, usize) {
        (self.pages.rendered, self.pages.reused)
    }
}

/// Runs every stage but writing.
pub fn build_in_memory(opts: &BuildOptions) -> anyhow::Result<Built> {
    build_with(opts, None, None)
}

/// Runs every stage but writing, reusing and refilling `cache`.
pub fn build_cached(opts: &BuildOptions, cache: &mut Cache) -> anyhow::Result<Built> {
    build_with(opts, Some(cache), None)
}

/// Sites up to this many records build their search index beside rendering (see `build_with`).
const SIDE_BY_SIDE_RECORDS: usize = 30_000;

/// With `staging`, files are written there as soon as each stage has made them while the
/// build has no error, and their bytes are let go (see `output::Staging::take`), so writing
/// overlaps the stages still running and a large site is never held in memory whole.
fn build_with(
    opts: &BuildOptions,
    mut cache: Option<&mut Cache>,
    staging: Option<&output::Staging>,
) -> anyhow::Result<Built> {
    let root = &opts.root;
    let mut clock = StageClock::new();
    let parsed = Catalog::load(root)?;
    let limits = parsed.limits();
    let mut diags = parsed.diagnostics;
    let loaded = load::load_with(root, &limits, cache.as_deref_mut().map(|c| &mut c.sources))?;
    clock.lap("load");
    let Some(catalog) = parsed.catalog else {
        // Without a catalog the records cannot be checked against it; report what is known.
        diags.extend(loaded.diagnostics);
        diag::sort(&mut diags);
        return Ok(Built {
            diagnostics: diags,
            ..Built::default()
        });
    };
    // Editors' schemas follow the catalog (its item ids and publisher keys).
    crate::schema::refresh(root, &catalog);
    let mut loaded = loaded;
    diags.append(&mut loaded.diagnostics);
    let stamps = std::mem::take(&mut loaded.stamps);
    let base_url = match &opts.base_url {
        Some(u) => match normalize_base_url(u) {
            Ok(u) => Some(u),
            Err(msg) => bail!("--base-url: {msg}"),
        },
        None => catalog.site.base_url.clone(),
    };
    if base_url.is_none() {
        diags.push(
            Diagnostic::warning(crate::catalog::CATALOG_FILE, t!("site.base_url is not set: sitemap.xml, the feeds and the open data use addresses relative to the site root"))
                .help(t!("search engines and feed readers need absolute URLs; set base_url (or pass --base-url) when the site's address is known")),
        );
    }
    let (theme, theme_diags) = Theme::load(root, &catalog.site.theme, catalog.site.language)?;
    diags.extend(theme_diags);
    let (site, site_diags) = site::resolve(
        catalog,
        loaded,
        Linker::new(base_url),
        &ResolveOptions {
            include_drafts: opts.include_drafts,
        },
        cache.as_deref_mut().map(|c| &mut c.bodies),
    );
    diags.extend(site_diags);
    clock.lap("resolve");
    // A broken catalog would only make every page it feeds fail again; report its problems
    // and the records' and stop there.
    let catalog_ok = !diags
        .iter()
        .any(|d| d.is_error() && d.file == crate::catalog::CATALOG_FILE);
    let index = catalog_ok && !opts.no_search && !opts.defer_search_and_data;
    // The search index is built on a thread of its own while the privacy scan and rendering
    // share the others, when holding both stages' memory at once costs little: when pages are
    // written as they are made and not kept (a new output folder: 3.3 GB at 100,000 records),
    // or the site is small (about 100 MB more at 10,000 records). Pages kept in memory and the
    // index side by side held 4.3 GB at 100,000 records instead of 3.6 GB one after the other.
    let side_by_side = index && (staging.is_some() || site.records.len() <= SIDE_BY_SIDE_RECORDS);
    // The search thread writes its own files as it makes them (`search_files`), once the
    // privacy scan has said whether files may be written: from one thread, as the rendering
    // threads write pages elsewhere, since threads creating files in one folder wait on its
    // lock.
    let (sink_to_search, sink_for_search) =
        std::sync::mpsc::sync_channel::<Option<output::Sink>>(1);
    // Files are written as they are made only while the build has no error; after one, they
    // are let go as they are made.
    let sink_for = |diags: &[Diagnostic]| {
        staging.map(|staging| {
            if diags.iter().any(Diagnostic::is_error) {
                output::Sink::Drop
            } else {
                output::Sink::Write(staging)
            }
        })
    };
    let (mut files, search_files) = std::thread::scope(|scope| {
        // Owned here, so that an error that ends this closure early drops it and the search
        // thread, waiting for the sink, goes on without one instead of waiting forever.
        let sink_to_search = sink_to_search;
        let site = &site;
        let searching = side_by_side.then(|| {
            // The sink is asked for when the first file is made, long after the scan ended.
            scope.spawn(move || search_files(site, || sink_for_search.recv().ok().flatten()))
        });
        // Nothing is published with an unmasked ID, phone or bank card number in it, unless
        // the site says `privacy: warn`.
        diags.extend(crate::audit::build_privacy_diagnostics(
            site,
            root,
            cache.as_deref_mut().map(|c| (&mut c.scans, &stamps)),
        )?);
        clock.lap("privacy scan"); // not a message: a timing label
        let sink = sink_for(&diags);
        // The search thread may have ended with an error, and then no longer listens.
        let _ = sink_to_search.send(sink);
        let (files, render_diags) = if catalog_ok {
            render::render(
                site,
                &theme,
                root,
                &render::Options {
                    search: !opts.no_search,
                    open_data: !opts.defer_search_and_data,
                    sink,
                },
                cache.map(|c| &mut c.pages),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        diags.extend(render_diags);
        clock.lap("render");
        let search_files = match searching {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
            None if index => search_files(site, || sink)?,
            None => Vec::new(),
        };
        if index {
            clock.lap("search");
        }
        anyhow::Ok((files, search_files))
    })?;
    files.extend(search_files);
    if catalog_ok {
        let (mut redirects, redirect_diags) = crate::redirects::output_files(&site, &files);
        diags.extend(redirect_diags);
        // As with the pages.
        if let Some(sink) = sink_for(&diags) {
            sink.take_all(&mut redirects);
        }
        files.extend(redirects);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut collisions = Vec::new();
    for f in &files {
        if let Some(first) = seen.insert(&f.path, &f.origin) {
            collisions.push(
                Diagnostic::error(f.origin.clone(), t!("output file {path} is also produced by {first}", path = f.path, first))
                    .help(t!("two things would be published at the same address; rename the file or change the 索引号 or page kind")),
            );
        }
    }
    diags.extend(collisions);
    diag::sort(&mut diags);
    diags.dedup();
    Ok(Built {
        diagnostics: diags,
        records: site.records.len(),
        pages: site.pages.len(),
        files,
    })
}

/// Prints how long each stage took when `GONGKAI_TIMINGS` is set, for profiling: wall time,
/// and on Linux the process's CPU time, which shared machines disturb less.
pub(crate) struct StageClock {
    enabled: bool,
    last: std::time::Instant,
    last_cpu: f64,
}

impl StageClock {
    pub(crate) fn new() -> Self {
        let enabled = std::env::var_os("GONGKAI_TIMINGS").is_some();
        StageClock {
            enabled,
            last: std::time::Instant::now(),
            // /proc is read only when timings are printed.
            last_cpu: if enabled { cpu_ms() } else { 0.0 },
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.enabled {
            let cpu = cpu_ms();
            crate::term::eprintln(&format!(
                "{stage}: {} ms (CPU {:.0} ms)", // not a message: timings for developers
                self.last.elapsed().as_millis(),
                cpu - self.last_cpu
            ));
            self.last_cpu = cpu;
        }
        self.last = std::time::Instant::now();
    }
}

/// CPU time (user and system) of this process so far, in ms; 0 where /proc is missing.
pub fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name, which is in parentheses and may hold spaces; utime
    // and stime are the 12th and 13th of them, in clock ticks of 1/100 s on Linux.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    ticks(11)
        .zip(ticks(12))
        .map_or(0.0, |(u, s)| (u + s) * 10.0)
}

/// The files of the search index, each handed to the sink, when `sink` gives one (it is asked
/// for when the first file is made), as soon as it is made: written as they come, they are
/// not all held at once (400 MB at 100,000 records).
fn search_files<'s>(
    site: &site::Site,
    sink: impl FnOnce() -> Option<output::Sink<'s>>,
) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    let mut ask = Some(sink);
    let mut sink = None;
    let layout = crate::search::export::Layout::default();
    crate::search::each_output_file(site, &layout, &mut |mut f| {
        if let Some(sink) = *sink.get_or_insert_with(|| ask.take().and_then(|ask| ask())) {
            sink.take(&mut f);
        }
        files.push(f);
    })?;
    Ok(files)
}

/// The outcome of a build written to disk.
#[derive(Debug)]
pub struct BuildReport {
    pub built: Built,
    /// `None` when errors kept the build from being written.
    pub stats: Option<WriteStats>,
    pub out_dir: PathBuf,
}

/// Builds and, when there are no errors, writes the output folder.
pub fn build(opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    let out_dir = opts.out_dir();
    check_out_dir(&opts.root, &out_dir)?;
    let mut clock = StageClock::new();
    // Only an output folder with the state of an earlier build can be up to date; otherwise
    // the hash of the inputs is needed only to record this build, and is made beside it.
    let mut inputs = None;
    if out_dir.join(fingerprint::STATE_FILE).is_file() {
        let hash = fingerprint::inputs(opts)?;
        clock.lap("hash sources"); // not a message: a timing label
        if let Some((state, files)) = fingerprint::unchanged(&out_dir, &hash) {
            let built = Built {
                diagnostics: state.diagnostics,
                files: Vec::new(),
                records: state.records,
                pages: state.pages,
            };
            let stats = WriteStats {
                written: 0,
                unchanged: files,
                deleted: 0,
            };
            return Ok(BuildReport {
                built,
                stats: Some(stats),
                out_dir,
            });
        }
        inputs = Some(hash);
    }
    // An output folder that is missing or empty is written beside it while the build runs
    // and renamed into place at the end; one with files in it is compared file by file.
    let staging = output::Staging::for_fresh(&out_dir)?;
    let (inputs, built) = match inputs {
        Some(hash) => (Ok(hash), build_with(opts, None, staging.as_ref())),
        None => std::thread::scope(|scope| {
            let hashing = scope.spawn(|| fingerprint::inputs(opts));
            let built = build_with(opts, None, staging.as_ref());
            let hash = hashing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (hash, built)
        }),
    };
    let (inputs, built) = (inputs?, built?);
    // A failed build drops `staging`, which deletes what was written there.
    let stats = if built.has_errors() {
        None
    } else {
        clock.lap("build");
        let state = fingerprint::State {
            inputs,
            records: built.records,
            pages: built.pages,
            diagnostics: built.diagnostics.clone(),
        };
        let stats = match staging {
            Some(staging) => {
                fingerprint::save(staging.dir(), &state)?;
                staging.publish(&built.files)?
            }
            None => {
                let stats = output::write_to_disk(&out_dir, &built.files)?;
                fingerprint::save(&out_dir, &state)?;
                stats
            }
        };
        clock.lap("write");
        Some(stats)
    };
    Ok(BuildReport {
        built,
        stats,
        out_dir,
    })
}

/// Refuses output folders that would overwrite the site's own sources.
fn check_out_dir(root: &Path, out_dir: &Path) -> anyhow::Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out) = (abs(root), abs(out_dir));
    if root.starts_with(&out) || out.starts_with(root.join(load::CONTENT_DIR)) {
        bail!(t!(
            "the output folder {out_dir} would contain the site's sources; choose another --out",
            out_dir = out_dir.display()
        ));
    }
    Ok(())
}
