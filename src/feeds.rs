//! Atom feeds of the newest records: one for the site, one per area and one per publisher.
//!
//! Other channels (WeChat accounts, provincial aggregators) pull from these instead of
//! editors publishing twice. A feed's `updated` is its newest record's date, never the build
//! time, so feeds are byte-identical from build to build. Records for a specific audience are
//! left out. Links are absolute when `base_url` is set; otherwise they are relative to the
//! feed's own address, which readers resolve against the feed URL.

use crate::render::{Content, OutputFile};
use crate::site::{RecordEntry, Site};
use crate::text::escape_xml;
use crate::view::FeedLink;

/// How many records a feed carries.
pub const FEED_LENGTH: usize = 50;

/// Which records a feed covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope {
    Site,
    Area(usize),
    Publisher(usize),
}

impl FeedScope {
    /// The feed's URL (site-root relative).
    pub fn url(self, site: &Site) -> String {
        match self {
            FeedScope::Site => "feed.xml".to_string(),
            FeedScope::Area(a) => format!("areas/{}/feed.xml", site.catalog.areas[a].id),
            FeedScope::Publisher(p) => {
                format!("publishers/{}/feed.xml", site.catalog.publishers[p].key)
            }
        }
    }

    fn page_url(self, site: &Site) -> String {
        match self {
            FeedScope::Site => String::new(),
            FeedScope::Area(a) => format!("areas/{}/", site.catalog.areas[a].id),
            FeedScope::Publisher(p) => format!("publishers/{}/", site.catalog.publishers[p].key),
        }
    }

    pub fn title(self, site: &Site) -> String {
        let s = &site.catalog.site.title;
        match self {
            FeedScope::Site => s.clone(),
            FeedScope::Area(a) => format!("{} - {s}", site.catalog.areas[a].name),
            FeedScope::Publisher(p) => format!("{} - {s}", site.catalog.publishers[p].name),
        }
    }

    fn includes(self, r: &RecordEntry) -> bool {
        r.listed
            && match self {
                FeedScope::Site => true,
                FeedScope::Area(a) => r.area == a,
                FeedScope::Publisher(p) => r.publisher == p,
            }
    }
}

/// The feeds a page at `url` links to: the site's, plus its area's or publisher's.
pub fn feeds_for_page(site: &Site, from: &str, scope: Option<FeedScope>) -> Vec<FeedLink> {
    let mut scopes = vec![FeedScope::Site];
    scopes.extend(scope.filter(|s| *s != FeedScope::Site));
    scopes
        .into_iter()
        .map(|s| FeedLink {
            title: s.title(site),
            href: site.linker.href(from, &s.url(site)),
        })
        .collect()
}

/// Every feed of the site.
pub fn feeds(site: &Site) -> Vec<OutputFile> {
    let mut scopes = vec![FeedScope::Site];
    scopes.extend((0..site.catalog.areas.len()).map(FeedScope::Area));
    scopes.extend((0..site.catalog.publishers.len()).map(FeedScope::Publisher));
    scopes
        .into_iter()
        .map(|scope| OutputFile {
            path: scope.url(site),
            content: Content::bytes(feed(site, scope)),
            origin: crate::catalog::CATALOG_FILE.to_string(),
        })
        .collect()
}

/// A date as an Atom timestamp: the start of that day in China.
fn timestamp(d: crate::date::Date) -> String {
    format!("{d}T00:00:00+08:00")
}

/// A short plain-text summary: the record's own `summary`, or the start of its text.
pub fn summary_of(r: &RecordEntry) -> String {
    if let Some(s) = &r.record.summary {
        return s.clone();
    }
    text_head(&r.body.plain_text, 160)
}

/// The first `max` characters of `text` with its runs of white space made single spaces,
/// and `…` after them when there is more.
fn text_head(text: &str, max: usize) -> String {
    let mut chars = crate::text::squeezed_chars(text);
    let mut head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        head.push('…');
    }
    head
}

/// A stable identifier for a record: its permalink, or a URN made of its 索引号.
pub fn record_id(site: &Site, r: &RecordEntry) -> String {
    site.linker
        .permalink(&r.url)
        .unwrap_or_else(|| format!("urn:gongkai:{}", r.record.index_no))
}

fn feed(site: &Site, scope: FeedScope) -> String {
    let url = scope.url(site);
    let entries: Vec<&RecordEntry> = site
        .records
        .iter()
        .filter(|r| scope.includes(r))
        .take(FEED_LENGTH)
        .collect();
    let updated = entries
        .iter()
        .map(|r| {
            r.record
                .changed
                .unwrap_or(r.record.published)
                .max(r.record.published)
        })
        .max();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    out.push_str(&format!(
        " xml:lang=\"{}\">\n",
        site.catalog.site.language.code()
    ));
    out.push_str(&format!(
        "  <title>{}</title>\n",
        escape_xml(&scope.title(site))
    ));
    let feed_id = site
        .linker
        .permalink(&url)
        .unwrap_or_else(|| format!("urn:gongkai:feed:{url}"));
    out.push_str(&format!("  <id>{}</id>\n", escape_xml(&feed_id)));
    // Feeds need a date; an empty feed uses the Unix epoch rather than the clock.
    let updated = updated.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), timestamp);
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&site.linker.href(&url, &scope.page_url(site)))
    ));
    if let Some(self_url) = site.linker.permalink(&url) {
        out.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape_xml(&self_url)
        ));
    }
    let author = site
        .catalog
        .site
        .sponsor
        .as_deref()
        .unwrap_or(&site.catalog.site.title);
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(author)
    ));
    out.push_str("  <generator>gongkai</generator>\n");
    for r in entries {
        let rec = &r.record;
        let area = &site.catalog.areas[r.area];
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", escape_xml(&rec.title)));
        out.push_str(&format!(
            "    <id>{}</id>\n",
            escape_xml(&record_id(site, r))
        ));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&site.linker.href(&url, &r.url))
        ));
        out.push_str(&format!(
            "    <published>{}</published>\n",
            timestamp(rec.published)
        ));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(rec.changed.unwrap_or(rec.published).max(rec.published))
        ));
        out.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape_xml(&site.catalog.publishers[r.publisher].name)
        ));
        out.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            escape_xml(&area.id),
            escape_xml(&area.name)
        ));
        out.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_xml(&summary_of(r))
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_head_is_cut_at_the_limit_with_single_spaces() {
        assert_eq!(text_head("  a  b\n c ", 10), "a b c");
        assert_eq!(text_head("abc def", 7), "abc def");
        assert_eq!(text_head("abc def", 6), "abc de…");
        assert_eq!(text_head("abc def", 3), "abc…");
        assert_eq!(text_head("abc def", 4), "abc …");
        assert_eq!(text_head("公开 目录", 3), "公开 …");
        assert_eq!(text_head("", 3), "");
    }
}
