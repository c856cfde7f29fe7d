//! Markdown rendering for one content file: this module owns turning a Markdown body into
//! the sanitized HTML fragment that is published, together with everything the rest of the
//! build needs from it — the heading outline with stable anchors, the reader-visible plain
//! text for search and excerpts, and the problems found (bad links, dangerous raw HTML),
//! each located at a line and column of the source file. Link targets are not resolved
//! here: the caller decides, through a callback, what a relative link to another source
//! file or attachment becomes.

use crate::diag::Topic;
use crate::t;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

use crate::urls::percent_decode;
use pulldown_cmark::{
    Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

/// How a local (relative, scheme-less) link target resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkResolution {
    /// Rewrite the link to this href (already relative-or-absolute as the page needs it).
    Href(String),
    /// The target does not exist / is not allowed: report this message and help text as an error.
    Error {
        /// What is wrong with the target, in one line.
        message: String,
        /// How to fix it.
        help: String,
    },
}

/// The Markdown body of one content file and where it sits in that file.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownInput<'a> {
    /// The body text (everything after the front matter).
    pub text: &'a str,
    /// 1-based line number in the source file on which `text` starts (front matter precedes it),
    /// so every reported line is a line of the file, not of the body.
    pub first_line: usize,
}

/// One heading of the rendered document, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text as a reader sees it, without markup.
    pub text: String,
    /// The `id` given to the heading element; unique within the document.
    pub anchor: String,
}

/// A problem found while rendering, located in the source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownIssue {
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes).
    pub col: usize,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Errors must fail the build; warnings only inform (the offending part was removed).
    pub is_error: bool,
    /// `Link` for a link or image that is not published as written: a scheme that is
    /// removed, an absolute path, a target the resolver refused.
    pub topic: Topic,
}

/// The result of rendering one Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML fragment.
    pub html: String,
    /// Text content for search and excerpts: block elements separated by "\n", no markup.
    pub plain_text: String,
    /// Every heading, in document order.
    pub headings: Vec<Heading>,
    /// In source order.
    pub issues: Vec<MarkdownIssue>,
}

fn absolute_link_help() -> String {
    t!("link to the source file relative to this one, for example `../budget/2024-report.md`")
}

fn scheme_help() -> String {
    t!("only http, https, mailto and tel links are published")
}

fn raw_html_help() -> String {
    t!("raw HTML is sanitized: scripts, styles, frames and event handlers are never published")
}

/// The only URL schemes that may appear in published HTML.
const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Elements that ammonia drops together with everything inside them, because their
/// content is code, styling or embedded foreign documents rather than reader text.
const CLEAN_CONTENT_TAGS: [&str; 11] = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
    "noembed", "noframes",
];

/// Raw-HTML elements whose presence deserves a warning: they would run code, restyle the
/// page, embed other documents, submit data or change how the page loads.
const DANGEROUS_TAGS: [&str; 17] = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "select", "textarea", "link", "meta", "base", "template",
];

/// Elements whose content an HTML parser reads as plain characters up to the matching end
/// tag, so markup-looking text inside them must not be mistaken for tags.
const RAW_TEXT_TAGS: [&str; 9] = [
    "script", "style", "iframe", "xmp", "textarea", "title", "noembed", "noframes", "noscript",
];

/// Attributes whose value is a URL a browser may follow or load.
const URL_ATTRIBUTES: [&str; 13] = [
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "ping",
    "poster",
    "cite",
    "background",
    "longdesc",
    "codebase",
    "srcset",
];

/// Raw-HTML elements that start a new line of reader text.
const BLOCK_TAGS: [&str; 33] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// Render a Markdown body to sanitized HTML, its plain text, heading outline and issues.
///
/// `resolve` is called once for every local link/image target: the destination with any
/// `#fragment` and `?query` split off is passed as `path` (percent-decoded, e.g. "../budget/2024-x.md"
/// or "roster.csv"), and the fragment (without '#', also percent-decoded) as `fragment`.
/// The returned Href replaces the destination (render appends "?query" and "#fragment"
/// itself, as written in the source, when present). Links whose path part is empty (`?x`,
/// `#x`, or nothing) are not passed to `resolve` and stay as written.
pub fn render(
    input: &MarkdownInput,
    resolve: &mut dyn FnMut(&str, Option<&str>) -> LinkResolution,
) -> Rendered {
    let mut renderer = Renderer::new(input);
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(input.text, options)
        .into_offset_iter()
        .collect();

    // Footnote definitions take their label as element id, so headings must avoid those ids.
    for (event, _) in &events {
        if let Event::Start(Tag::FootnoteDefinition(name)) = event {
            renderer.used_anchors.insert(name.to_string());
        }
    }

    let mut out: Vec<Event> = Vec::with_capacity(events.len() + 8);
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        i += 1;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let anchor = renderer.heading(*level, &events[i..]);
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(anchor)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(_)) => {
                renderer.plain.newline();
                renderer.end_inline_skip();
                out.push(event.clone());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match renderer.link_target(*link_type, dest_url, range.start, false, resolve) {
                Some(dest) => {
                    renderer.link_stack.push(true);
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: dest,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                None => renderer.link_stack.push(false),
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match renderer.link_target(*link_type, dest_url, range.start, true, resolve) {
                Some(dest) => {
                    renderer.link_stack.push(true);
                    out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: dest,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                None => renderer.link_stack.push(false),
            },
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if renderer.link_stack.pop().unwrap_or(true) {
                    out.push(event.clone());
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                renderer.table = TableState {
                    alignments: alignments.clone(),
                    ..TableState::default()
                };
                renderer.plain.newline();
                // Completed with the header's text at the end of the head row.
                renderer.table.wrap_at = out.len();
                out.push(html_event("<div class=\"table-wrap\">\n<table>\n"));
            }
            Event::End(TagEnd::Table) => {
                let close = if renderer.table.body_open {
                    "</tbody>\n</table>\n</div>\n"
                } else {
                    "</table>\n</div>\n"
                };
                out.push(html_event(close));
            }
            Event::Start(Tag::TableHead) => {
                renderer.table.in_head = true;
                renderer.table.cell_index = 0;
                out.push(html_event("<thead>\n<tr>"));
            }
            Event::End(TagEnd::TableHead) => {
                renderer.table.in_head = false;
                renderer.plain.newline();
                out[renderer.table.wrap_at] = html_event(&table_wrap_open(&renderer.table.head));
                out.push(html_event("</tr>\n</thead>\n"));
            }
            Event::Start(Tag::TableRow) => {
                renderer.table.cell_index = 0;
                let open = if renderer.table.body_open {
                    "<tr>"
                } else {
                    "<tbody>\n<tr>"
                };
                renderer.table.body_open = true;
                out.push(html_event(open));
            }
            Event::End(TagEnd::TableRow) => {
                renderer.plain.newline();
                out.push(html_event("</tr>\n"));
            }
            Event::Start(Tag::TableCell) => {
                if renderer.table.cell_index > 0 {
                    renderer.plain.space();
                }
                let element = if renderer.table.in_head { "th" } else { "td" };
                let class = match renderer.table.alignments.get(renderer.table.cell_index) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    Some(Alignment::None) | None => "",
                };
                out.push(html_event(&format!("<{element}{class}>")));
            }
            Event::End(TagEnd::TableCell) => {
                renderer.end_inline_skip();
                renderer.table.cell_index += 1;
                let element = if renderer.table.in_head { "th" } else { "td" };
                out.push(html_event(&format!("</{element}>")));
            }
            Event::Start(Tag::HtmlBlock) => {
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::HtmlBlock)))
                    .map_or(events.len(), |p| i + p);
                renderer.html_block(&events[i..end]);
                out.push(event.clone());
                out.extend(events[i..end].iter().map(|(e, _)| e.clone()));
                i = end;
            }
            Event::End(TagEnd::HtmlBlock) => {
                renderer.plain.newline();
                out.push(event.clone());
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                renderer.inline_html(html, range.start);
                out.push(event.clone());
            }
            Event::Text(text) | Event::Code(text) => {
                // Text between inline `<script>` and `</script>` is dropped by the sanitizer.
                if !renderer.skip_text() {
                    renderer.plain.text(text);
                }
                if renderer.table.in_head {
                    let cell = renderer.table.cell_index;
                    renderer.table.head.resize(cell + 1, String::new());
                    renderer.table.head[cell].push_str(text);
                }
                out.push(event.clone());
            }
            Event::SoftBreak => {
                renderer.plain.soft_break();
                out.push(event.clone());
            }
            Event::HardBreak => {
                renderer.plain.newline();
                out.push(event.clone());
            }
            Event::FootnoteReference(_) => out.push(event.clone()),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            )
            | Event::Rule => {
                renderer.plain.newline();
                renderer.end_inline_skip();
                out.push(event.clone());
            }
            Event::Start(Tag::Item | Tag::CodeBlock(_) | Tag::Paragraph) => {
                renderer.plain.newline();
                out.push(event.clone());
            }
            _ => out.push(event.clone()),
        }
    }

    let mut html = String::with_capacity(input.text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    // Without raw HTML, every tag and attribute is one written by the Markdown writer or above,
    // and every link and image has passed `link_target`'s scheme check, so the sanitizer would
    // remove nothing (`sanitizer_keeps_markdown_without_raw_html` checks this); it runs only on
    // bodies with raw HTML, where it is needed.
    let raw_html = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    if raw_html {
        html = sanitizer().clean(&html).to_string();
    } else {
        // The sanitizer writes void elements as `<br>` and drops NUL characters; so do bodies
        // that skip it. (` />` is nowhere else in the writer's output: `>` in text and
        // attributes is escaped.)
        if html.contains(" />") {
            html = html.replace(" />", ">");
        }
        if html.contains('\0') {
            html.retain(|c| c != '\0');
        }
    }

    let mut issues = renderer.issues;
    // Stable, so two issues at one position keep the order they were found in.
    issues.sort_by_key(|issue| (issue.line, issue.col));
    Rendered {
        html,
        plain_text: renderer.plain.finish(),
        headings: renderer.headings,
        issues,
    }
}

fn html_event(html: &str) -> Event<'static> {
    Event::Html(CowStr::from(html.to_owned()))
}

/// Longest `aria-label` taken from a table's header row, in characters.
const TABLE_LABEL_MAX: usize = 60;

/// The opening of a table's scroll container. A table wider than a phone scrolls inside it, so
/// keyboard users must be able to focus it (`tabindex`), and a focusable region needs a name:
/// the header cells' text, since Markdown tables have no caption. Without header text, the
/// container is only focusable.
fn table_wrap_open(head: &[String]) -> String {
    let mut label = String::new();
    for cell in head
        .iter()
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
    {
        if cell.is_empty() {
            continue;
        }
        if !label.is_empty() {
            label.push_str(" / ");
        }
        label.push_str(&cell);
    }
    if label.chars().count() > TABLE_LABEL_MAX {
        label = label.chars().take(TABLE_LABEL_MAX - 1).collect::<String>() + "…";
    }
    if label.is_empty() {
        return "<div class=\"table-wrap\" tabindex=\"0\">\n<table>\n".to_owned();
    }
    let mut escaped = String::with_capacity(label.len());
    for c in label.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            c => escaped.push(c),
        }
    }
    format!(
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{escaped}\">\n<table>\n"
    )
}

/// The one sanitizer configuration for all pages; built once because it is a fixed policy.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(ALLOWED_SCHEMES.into_iter().collect())
            // Only our own pages and plain external links are published; no rel rewriting.
            .link_rel(None)
            // `cite` carries a URL that ammonia does not scheme-check, so it is not kept.
            .rm_tag_attributes("blockquote", &["cite"])
            .rm_tag_attributes("q", &["cite"])
            .rm_tag_attributes("del", &["cite"])
            .rm_tag_attributes("ins", &["cite"])
            .add_tag_attributes("h1", &["id"])
            .add_tag_attributes("h2", &["id"])
            .add_tag_attributes("h3", &["id"])
            .add_tag_attributes("h4", &["id"])
            .add_tag_attributes("h5", &["id"])
            .add_tag_attributes("h6", &["id"])
            // Footnote definitions are `<div class="footnote-definition" id="label">`.
            .add_tag_attributes("div", &["id"])
            // Fenced code keeps its `language-…` class; its value cannot be enumerated.
            .add_tag_attributes("code", &["class"])
            .add_allowed_classes("th", &["align-left", "align-center", "align-right"])
            .add_allowed_classes("td", &["align-left", "align-center", "align-right"])
            .add_allowed_classes("div", &["table-wrap", "footnote-definition"])
            // The focusable scroll container of a table (`table_wrap_open`): only these values,
            // so raw HTML cannot make other roles or tab orders.
            .add_tag_attribute_values("div", "role", &["region"])
            .add_tag_attribute_values("div", "tabindex", &["0"])
            .add_tag_attributes("div", &["aria-label"])
            .add_allowed_classes("sup", &["footnote-reference", "footnote-definition-label"])
            .add_clean_content_tags(&CLEAN_CONTENT_TAGS)
            .strip_comments(true);
        builder
    })
}

#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    /// Index in the output events of the table's opening `<div class="table-wrap">`.
    wrap_at: usize,
    /// Text of each header cell.
    head: Vec<String>,
    in_head: bool,
    body_open: bool,
    cell_index: usize,
}

struct Renderer<'a> {
    text: &'a str,
    first_line: usize,
    /// Byte offset at which each body line starts.
    line_starts: Vec<usize>,
    used_anchors: BTreeSet<String>,
    headings: Vec<Heading>,
    issues: Vec<MarkdownIssue>,
    plain: PlainText,
    /// One entry per open link or image: whether its start tag was emitted.
    link_stack: Vec<bool>,
    table: TableState,
    /// Raw-text element (such as `script`) opened by inline HTML and not yet closed.
    inline_raw: Option<&'static str>,
    /// Depth of inline-HTML elements whose whole content the sanitizer drops.
    inline_drop_depth: usize,
}

impl<'a> Renderer<'a> {
    fn new(input: &MarkdownInput<'a>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(input.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Renderer {
            text: input.text,
            first_line: input.first_line,
            line_starts,
            used_anchors: BTreeSet::new(),
            headings: Vec::new(),
            issues: Vec::new(),
            plain: PlainText::default(),
            link_stack: Vec::new(),
            table: TableState::default(),
            inline_raw: None,
            inline_drop_depth: 0,
        }
    }

    /// File line and character column of a byte offset in the body.
    fn locate(&self, offset: usize) -> (usize, usize) {
        let index = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (self.first_line + index, col)
    }

    fn issue(&mut self, offset: usize, message: String, help: String, is_error: bool) {
        self.issue_about(Topic::Other, offset, message, help, is_error);
    }

    fn issue_about(
        &mut self,
        topic: Topic,
        offset: usize,
        message: String,
        help: String,
        is_error: bool,
    ) {
        let (line, col) = self.locate(offset);
        self.issues.push(MarkdownIssue {
            line,
            col,
            message,
            help,
            is_error,
            topic,
        });
    }

    /// Record a heading whose content events follow, and return its unique anchor.
    fn heading(&mut self, level: HeadingLevel, rest: &[(Event, Range<usize>)]) -> String {
        let mut text = PlainText::default();
        for (event, _) in rest {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.text(t),
                Event::SoftBreak | Event::HardBreak => text.soft_break(),
                _ => {}
            }
        }
        let text = text.finish();
        let base = slugify(&text);
        let mut anchor = base.clone();
        let mut n = 2;
        while self.used_anchors.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        self.used_anchors.insert(anchor.clone());
        self.plain.newline();
        self.headings.push(Heading {
            level: heading_level(level),
            text,
            anchor: anchor.clone(),
        });
        anchor
    }

    /// Decide what a Markdown link or image destination becomes; `None` drops the element
    /// and keeps its content as plain text.
    fn link_target<'e>(
        &mut self,
        link_type: LinkType,
        dest: &CowStr<'e>,
        offset: usize,
        is_image: bool,
        resolve: &mut dyn FnMut(&str, Option<&str>) -> LinkResolution,
    ) -> Option<CowStr<'e>> {
        if link_type == LinkType::Email {
            // The HTML writer adds `mailto:` to these itself.
            return Some(dest.clone());
        }
        match classify(dest) {
            Target::Keep => Some(dest.clone()),
            Target::ForbiddenScheme(scheme) => {
                self.issue_about(
                    Topic::Link,
                    offset,
                    if is_image {
                        t!("removed a `{scheme}:` image", scheme)
                    } else {
                        t!("removed a `{scheme}:` link", scheme)
                    },
                    scheme_help(),
                    false,
                );
                None
            }
            Target::SiteAbsolute => {
                self.issue_about(
                    Topic::Link,
                    offset,
                    t!("absolute link `{dest}` in Markdown", dest),
                    absolute_link_help(),
                    true,
                );
                None
            }
            Target::Local {
                path,
                query,
                fragment,
            } => {
                let decoded_path = percent_decode(path);
                let decoded_fragment = fragment.map(percent_decode);
                match resolve(&decoded_path, decoded_fragment.as_deref()) {
                    LinkResolution::Href(mut href) => {
                        if let Some(query) = query {
                            href.push('?');
                            href.push_str(query);
                        }
                        if let Some(fragment) = fragment {
                            href.push('#');
                            href.push_str(fragment);
                        }
                        Some(CowStr::from(href))
                    }
                    LinkResolution::Error { message, help } => {
                        self.issue_about(Topic::Link, offset, message, help, true);
                        None
                    }
                }
            }
        }
    }

    /// Scan the lines of one raw HTML block as a whole (a tag may span lines) and warn once
    /// per line that holds something the sanitizer removes.
    fn html_block(&mut self, lines: &[(Event, Range<usize>)]) {
        self.plain.newline();
        let mut joined = String::new();
        // (offset in `joined`, offset in body) for each line; lines of a block inside a
        // blockquote or list are not contiguous in the body.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for (event, range) in lines {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                starts.push((joined.len(), range.start));
                joined.push_str(html);
            }
        }
        let mut raw = None;
        let pieces = tokenize_html(&joined, &mut raw);
        // (line index, body offset of its first finding, what was found), in source order.
        let mut by_line: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for (offset, item) in findings(&pieces) {
            let line = starts
                .partition_point(|&(start, _)| start <= offset)
                .saturating_sub(1);
            match by_line.iter_mut().find(|(l, _, _)| *l == line) {
                Some((_, _, items)) => push_unique(items, item),
                None => {
                    let body_offset = starts.get(line).map_or(0, |&(joined_start, body_start)| {
                        body_start + (offset - joined_start)
                    });
                    by_line.push((line, body_offset, vec![item]));
                }
            }
        }
        for (_, offset, items) in by_line {
            self.issue(offset, removal_message(&items), raw_html_help(), false);
        }
        let mut depth = 0;
        html_text(&pieces, &mut depth, &mut self.plain);
    }

    fn inline_html(&mut self, html: &str, offset: usize) {
        let mut raw = self.inline_raw;
        let pieces = tokenize_html(html, &mut raw);
        self.inline_raw = raw;
        let found = findings(&pieces);
        if let Some(&(first, _)) = found.first() {
            let mut items = Vec::new();
            for (_, item) in found {
                push_unique(&mut items, item);
            }
            self.issue(
                offset + first,
                removal_message(&items),
                raw_html_help(),
                false,
            );
        }
        let mut depth = self.inline_drop_depth;
        html_text(&pieces, &mut depth, &mut self.plain);
        self.inline_drop_depth = depth;
    }

    /// Markdown text inside an inline element that the sanitizer removes whole.
    fn skip_text(&self) -> bool {
        self.inline_drop_depth > 0
            || self
                .inline_raw
                .is_some_and(|tag| CLEAN_CONTENT_TAGS.contains(&tag))
    }

    /// Inline HTML cannot reach past its block, so stop hiding text when a block ends.
    fn end_inline_skip(&mut self) {
        self.inline_raw = None;
        self.inline_drop_depth = 0;
    }
}

fn push_unique(items: &mut Vec<String>, item: String) {
    if !items.contains(&item) {
        items.push(item);
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// What a Markdown link or image destination is, as far as publishing is concerned.
enum Target<'d> {
    /// Published as written: allowed schemes, same-page fragments, protocol-relative links.
    Keep,
    /// A scheme outside [`ALLOWED_SCHEMES`]; carries the lower-cased scheme.
    ForbiddenScheme(String),
    /// Starts with `/`: it would break when the site is served below a sub-path.
    SiteAbsolute,
    /// Relative to the source file; raw (not yet percent-decoded) parts.
    Local {
        path: &'d str,
        query: Option<&'d str>,
        fragment: Option<&'d str>,
    },
}

fn classify(dest: &str) -> Target<'_> {
    if let Some(scheme) = url_scheme(dest) {
        return if ALLOWED_SCHEMES.contains(&scheme.as_str()) {
            Target::Keep
        } else {
            Target::ForbiddenScheme(scheme)
        };
    }
    // Browsers ignore leading controls and read `\` as `/`, so classify what they would see.
    let mut seen = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c });
    match (seen.next(), seen.next()) {
        (Some('/'), Some('/')) => Target::Keep,
        (Some('/'), _) => Target::SiteAbsolute,
        (Some('#') | None, _) => Target::Keep,
        _ => {
            let (before_fragment, fragment) = match dest.split_once('#') {
                Some((before, fragment)) => (before, Some(fragment)),
                None => (dest, None),
            };
            let (path, query) = match before_fragment.split_once('?') {
                Some((path, query)) => (path, Some(query)),
                None => (before_fragment, None),
            };
            if path.is_empty() {
                return Target::Keep;
            }
            Target::Local {
                path,
                query: query.filter(|q| !q.is_empty()),
                fragment: fragment.filter(|f| !f.is_empty()),
            }
        }
    }
}

/// The lower-cased URL scheme a browser would see in `url`, if it has one.
fn url_scheme(url: &str) -> Option<String> {
    // Browsers strip leading C0 controls and spaces and drop tabs and newlines anywhere,
    // which is how `\x01java\tscript:` still runs.
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    for (i, c) in cleaned.char_indices() {
        if c == ':' {
            return (i > 0).then(|| cleaned[..i].to_ascii_lowercase());
        }
        let valid = if i == 0 {
            c.is_ascii_alphabetic()
        } else {
            c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
        };
        if !valid {
            return None;
        }
    }
    None
}

/// Anchor for a heading text: lower-case letters and digits of any script, with runs of
/// whitespace, `-` and `_` as single `-`; other punctuation disappears.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut separator = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if separator && !slug.is_empty() {
                slug.push('-');
            }
            separator = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            separator = true;
        }
    }
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
}

/// CJK text has no spaces between words, so a line break inside it must not become one.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Full-width punctuation already carries its own spacing, so nothing is added after it.
fn is_wide_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FE30}'..='\u{FE4F}')
        || (('\u{FF00}'..='\u{FFEF}').contains(&c) && !c.is_alphanumeric())
}

/// What separates the next piece of text from the previous one; stronger gaps win.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    #[default]
    None,
    /// A line break inside a paragraph: a space, except between two CJK characters.
    Soft,
    Space,
    Line,
}

/// Accumulates reader-visible text; gaps are only materialised when more text follows, so
/// nothing dangles at block ends.
#[derive(Debug, Default)]
struct PlainText {
    buf: String,
    pending: Gap,
}

impl PlainText {
    fn text(&mut self, s: &str) {
        let Some(first) = s.chars().next() else {
            return;
        };
        let last = self.buf.chars().next_back();
        match (self.pending, last) {
            (_, None) | (Gap::None, _) => {}
            (Gap::Line, Some(last)) => {
                if last != '\n' {
                    self.buf.push('\n');
                }
            }
            (Gap::Space | Gap::Soft, Some(last)) => {
                let joined = self.pending == Gap::Soft
                    && ((is_wide(last) && is_wide(first)) || is_wide_punctuation(last));
                if !joined && !last.is_whitespace() && !first.is_whitespace() {
                    self.buf.push(' ');
                }
            }
        }
        self.pending = Gap::None;
        self.buf.push_str(s);
    }

    /// Text that came from raw HTML, where any whitespace run is one collapsible space.
    fn html_text(&mut self, s: &str) {
        if s.starts_with(char::is_whitespace) {
            self.soft_break();
        }
        for (i, word) in s
            .split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            if i > 0 {
                self.soft_break();
            }
            self.text(word);
        }
        if s.ends_with(char::is_whitespace) {
            self.soft_break();
        }
    }

    fn gap(&mut self, gap: Gap) {
        self.pending = self.pending.max(gap);
    }

    fn soft_break(&mut self) {
        self.gap(Gap::Soft);
    }

    fn space(&mut self) {
        self.gap(Gap::Space);
    }

    fn newline(&mut self) {
        self.gap(Gap::Line);
    }

    fn finish(self) -> String {
        let mut out = String::with_capacity(self.buf.len());
        let mut after_blank = false;
        for line in self.buf.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                if out.is_empty() || after_blank {
                    continue;
                }
                after_blank = true;
            } else {
                after_blank = false;
            }
            out.push_str(line);
            out.push('\n');
        }
        out.truncate(out.trim_end().len());
        out
    }
}

/// One lexical piece of raw HTML, as far as this module needs to understand it.
#[derive(Debug)]
enum Piece<'s> {
    Text(&'s str),
    /// Content of a raw-text element such as `script`, which is never markup.
    RawText {
        content: &'s str,
        tag: &'static str,
    },
    Open {
        name: String,
        offset: usize,
        attrs: Vec<Attr<'s>>,
    },
    Close {
        name: String,
    },
}

#[derive(Debug)]
struct Attr<'s> {
    /// Lower-cased.
    name: String,
    offset: usize,
    /// As written, entities not decoded.
    value: &'s str,
}

fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

/// Split raw HTML into text and tags, tolerantly (unterminated constructs run to the end).
/// `raw` carries an open raw-text element from one inline HTML event into the next.
fn tokenize_html<'s>(s: &'s str, raw: &mut Option<&'static str>) -> Vec<Piece<'s>> {
    let bytes = s.as_bytes();
    // ASCII lower-casing keeps every byte offset valid for `s` as well.
    let lower = s.to_ascii_lowercase();
    let mut pieces = Vec::new();
    let mut pos = 0;
    while pos < s.len() {
        if let Some(tag) = *raw {
            let end = find_end_tag(&lower, pos, tag);
            if end > pos {
                pieces.push(Piece::RawText {
                    content: &s[pos..end],
                    tag,
                });
            }
            if end < s.len() {
                *raw = None;
            }
            pos = end;
            continue;
        }
        let Some(lt) = s[pos..].find('<').map(|i| pos + i) else {
            pieces.push(Piece::Text(&s[pos..]));
            break;
        };
        if lt > pos {
            pieces.push(Piece::Text(&s[pos..lt]));
        }
        let next = bytes.get(lt + 1).copied();
        if lower[lt..].starts_with("<!--") {
            pos = lower[lt + 4..]
                .find("-->")
                .map_or(s.len(), |i| lt + 4 + i + 3);
        } else if matches!(next, Some(b'!' | b'?')) {
            pos = s[lt..].find('>').map_or(s.len(), |i| lt + i + 1);
        } else if next == Some(b'/') && bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
            let (name, after) = tag_name(&lower, lt + 2);
            pos = s[after..].find('>').map_or(s.len(), |i| after + i + 1);
            pieces.push(Piece::Close { name });
        } else if next.is_some_and(|b| b.is_ascii_alphabetic()) {
            let (name, after) = tag_name(&lower, lt + 1);
            let (attrs, end) = attributes(s, &lower, after);
            pos = end;
            if let Some(&tag) = RAW_TEXT_TAGS.iter().find(|tag| **tag == name) {
                *raw = Some(tag);
            }
            pieces.push(Piece::Open {
                name,
                offset: lt,
                attrs,
            });
        } else {
            pieces.push(Piece::Text(&s[lt..lt + 1]));
            pos = lt + 1;
        }
    }
    pieces
}

/// Offset of the `</tag` that ends a raw-text element, or the end of the input.
fn find_end_tag(lower: &str, from: usize, tag: &str) -> usize {
    let needle = format!("</{tag}");
    let mut search = from;
    while let Some(found) = lower[search..].find(&needle).map(|i| search + i) {
        let after = lower.as_bytes().get(found + needle.len()).copied();
        if after.is_none_or(|b| is_html_space(b) || b == b'/' || b == b'>') {
            return found;
        }
        search = found + needle.len();
    }
    lower.len()
}

fn tag_name(lower: &str, start: usize) -> (String, usize) {
    let end = lower.as_bytes()[start..]
        .iter()
        .position(|&b| is_html_space(b) || b == b'/' || b == b'>')
        .map_or(lower.len(), |i| start + i);
    (lower[start..end].to_owned(), end)
}

/// Parse attributes from `pos` up to and including the tag's `>`; returns them and the
/// offset just past the tag.
fn attributes<'s>(s: &'s str, lower: &str, mut pos: usize) -> (Vec<Attr<'s>>, usize) {
    let b = s.as_bytes();
    let len = b.len();
    let mut attrs = Vec::new();
    loop {
        while pos < len && (is_html_space(b[pos]) || b[pos] == b'/') {
            pos += 1;
        }
        if pos >= len {
            return (attrs, len);
        }
        if b[pos] == b'>' {
            return (attrs, pos + 1);
        }
        let name_start = pos;
        // The first character belongs to the name even when it is `=`, as in browsers.
        pos += s[pos..].chars().next().map_or(1, char::len_utf8);
        while pos < len && !is_html_space(b[pos]) && !matches!(b[pos], b'/' | b'>' | b'=') {
            pos += 1;
        }
        let name = lower[name_start..pos].to_owned();
        let mut p = pos;
        while p < len && is_html_space(b[p]) {
            p += 1;
        }
        let mut value = "";
        if p < len && b[p] == b'=' {
            p += 1;
            while p < len && is_html_space(b[p]) {
                p += 1;
            }
            if p < len && (b[p] == b'"' || b[p] == b'\'') {
                let quote = char::from(b[p]);
                let start = p + 1;
                let end = s[start..].find(quote).map_or(len, |i| start + i);
                value = &s[start..end];
                pos = (end + 1).min(len);
            } else {
                let start = p;
                while p < len && !is_html_space(b[p]) && b[p] != b'>' {
                    p += 1;
                }
                value = &s[start..p];
                pos = p;
            }
        }
        attrs.push(Attr {
            name,
            offset: name_start,
            value,
        });
    }
}

/// Everything in the pieces that the sanitizer will remove for safety, with the offset
/// where it starts, in order.
fn findings(pieces: &[Piece]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for piece in pieces {
        let Piece::Open {
            name,
            offset,
            attrs,
        } = piece
        else {
            continue;
        };
        if DANGEROUS_TAGS.contains(&name.as_str()) {
            // Its attributes go with it; naming them too would only add noise.
            found.push((*offset, format!("`<{name}>`")));
            continue;
        }
        for attr in attrs {
            let name = attr.name.as_str();
            if (name.len() > 2 && name.starts_with("on")) || name == "style" {
                found.push((attr.offset, t!("the `{name}` attribute", name)));
            } else if URL_ATTRIBUTES.contains(&name)
                && let Some(scheme) = url_scheme(&decode_entities(attr.value))
                && !ALLOWED_SCHEMES.contains(&scheme.as_str())
            {
                found.push((attr.offset, t!("a `{scheme}:` URL", scheme)));
            }
        }
    }
    found
}

fn removal_message(items: &[String]) -> String {
    let list = match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => t!("{init} and {last}", init = init.join(", "), last),
    };
    t!("removed {list} from raw HTML", list)
}

/// Elements whose whole content ammonia drops but that are not raw-text elements.
const DROPPED_CONTAINERS: [&str; 3] = ["object", "applet", "frameset"];

/// Add the reader-visible text of raw HTML pieces to `plain`; `depth` counts open
/// elements whose content is dropped.
fn html_text(pieces: &[Piece], depth: &mut usize, plain: &mut PlainText) {
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                if *depth == 0 {
                    plain.html_text(&decode_entities(text));
                }
            }
            Piece::RawText { content, tag } => {
                if *depth == 0 && !CLEAN_CONTENT_TAGS.contains(tag) {
                    plain.html_text(&decode_entities(content));
                }
            }
            Piece::Open { name, attrs, .. } => {
                if DROPPED_CONTAINERS.contains(&name.as_str()) {
                    *depth += 1;
                }
                if *depth > 0 {
                    continue;
                }
                if name == "img"
                    && let Some(alt) = attrs.iter().find(|a| a.name == "alt")
                {
                    plain.html_text(&decode_entities(alt.value));
                }
                html_boundary(name, plain);
            }
            Piece::Close { name } => {
                if DROPPED_CONTAINERS.contains(&name.as_str()) {
                    *depth = depth.saturating_sub(1);
                } else if *depth == 0 {
                    html_boundary(name, plain);
                }
            }
        }
    }
}

fn html_boundary(name: &str, plain: &mut PlainText) {
    if BLOCK_TAGS.contains(&name) {
        plain.newline();
    } else if name == "td" || name == "th" {
        plain.space();
    }
}

/// Decode HTML character references: all numeric ones and the named ones that matter for
/// reading text or for hiding a URL scheme (`&colon;`, `&Tab;`).
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match parse_entity(after) {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The character of the reference at the start of `after` (the text after `&`) and how
/// many bytes it spans.
fn parse_entity(after: &str) -> Option<(char, usize)> {
    if let Some(number) = after.strip_prefix('#') {
        let (digits, radix, prefix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (number, 10, 1),
        };
        let len = digits
            .bytes()
            .take_while(|b| b.is_ascii_digit() || radix == 16 && b.is_ascii_hexdigit())
            .count();
        if len == 0 {
            return None;
        }
        // Browsers turn out-of-range and NUL references into U+FFFD.
        let c = if len > 8 {
            '\u{FFFD}'
        } else {
            u32::from_str_radix(&digits[..len], radix)
                .ok()
                .and_then(char::from_u32)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{FFFD}')
        };
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((c, prefix + len + semicolon));
    }
    let len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if len == 0 || !after[len..].starts_with(';') {
        return None;
    }
    let c = match &after[..len] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "Tab" => '\t',
        "NewLine" => '\n',
        "colon" => ':',
        "sol" => '/',
        "lpar" => '(',
        "rpar" => ')',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "middot" => '·',
        "times" => '×',
        "copy" => '©',
        "reg" => '®',
        "yen" => '¥',
        _ => return None,
    };
    Some((c, len + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resolves `*.md` to `*.html` and anything in `files/` or ending in `.csv` as an
    /// attachment; everything else is missing.
    fn resolver(path: &str, _fragment: Option<&str>) -> LinkResolution {
        if let Some(stem) = path.strip_suffix(".md") {
            if stem.contains("missing") {
                return LinkResolution::Error {
                    message: format!("link to missing file `{path}`"),
                    help: "check the file name".to_owned(),
                };
            }
            LinkResolution::Href(format!("{stem}.html"))
        } else if path.ends_with(".csv") || path.ends_with(".png") {
            LinkResolution::Href(format!("../files/{path}"))
        } else {
            LinkResolution::Error {
                message: format!("link to missing file `{path}`"),
                help: "check the file name".to_owned(),
            }
        }
    }

    fn md(text: &str) -> Rendered {
        render(
            &MarkdownInput {
                text,
                first_line: 1,
            },
            &mut resolver,
        )
    }

    fn warnings(r: &Rendered) -> Vec<(usize, usize, &str)> {
        r.issues
            .iter()
            .map(|i| {
                assert!(!i.is_error, "unexpected error: {i:?}");
                (i.line, i.col, i.message.as_str())
            })
            .collect()
    }

    #[test]
    fn basic_document_snapshot() {
        let r = md(
            "# 概况\n\n本单位**2024年**预算，详见[附表](roster.csv)。\n\n- 第一项\n- 第二项 `代码`\n\n> 引用\n\n```\nlet x = 1 < 2;\n```\n",
        );
        assert_eq!(
            r.html,
            "<h1 id=\"概况\">概况</h1>\n\
             <p>本单位<strong>2024年</strong>预算，详见<a href=\"../files/roster.csv\">附表</a>。</p>\n\
             <ul>\n<li>第一项</li>\n<li>第二项 <code>代码</code></li>\n</ul>\n\
             <blockquote>\n<p>引用</p>\n</blockquote>\n\
             <pre><code>let x = 1 &lt; 2;\n</code></pre>\n"
        );
        assert!(r.issues.is_empty());
        assert_eq!(
            r.headings,
            vec![Heading {
                level: 1,
                text: "概况".into(),
                anchor: "概况".into()
            }]
        );
    }

    #[test]
    fn heading_anchors_cover_chinese_punctuation_and_duplicates() {
        let r = md(
            "# 一、总体情况\n\n## Budget 2024\n\n## Budget 2024\n\n### Budget_2024 -- (draft)\n\n## ！！！\n\n## 一、总体情况\n\n## Budget 2024\n\n#### 收入 `code` 支出\n",
        );
        let anchors: Vec<(u8, &str)> = r
            .headings
            .iter()
            .map(|h| (h.level, h.anchor.as_str()))
            .collect();
        assert_eq!(
            anchors,
            vec![
                (1, "一总体情况"),
                (2, "budget-2024"),
                (2, "budget-2024-2"),
                (3, "budget-2024-draft"),
                (2, "section"),
                (2, "一总体情况-2"),
                (2, "budget-2024-3"),
                (4, "收入-code-支出"),
            ]
        );
        assert_eq!(r.headings[0].text, "一、总体情况");
        assert_eq!(r.headings[7].text, "收入 code 支出");
        assert!(r.html.contains("<h1 id=\"一总体情况\">一、总体情况</h1>"));
        assert!(r.html.contains("<h2 id=\"budget-2024-2\">Budget 2024</h2>"));
        assert!(r.html.contains("<h2 id=\"section\">！！！</h2>"));
    }

    #[test]
    fn heading_anchor_avoids_generated_suffix_and_footnote_ids() {
        let r = md("# a\n\n# a-2\n\n# a\n\n# 1\n\n文字[^1]\n\n[^1]: 注\n");
        let anchors: Vec<&str> = r.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, vec!["a", "a-2", "a-3", "1-2"]);
    }

    #[test]
    fn table_alignment_becomes_classes_inside_wrapper() {
        let r = md(
            "| 项目 | 金额 | 备注 |\n|:-----|-----:|:----:|\n| 工资 | 100 | 无 |\n| 其他 | 5 | |\n\n| x |\n|---|\n",
        );
        assert!(!r.html.contains("style"), "{}", r.html);
        assert_eq!(r.html.matches("<div class=\"table-wrap\"").count(), 2);
        assert!(r.html.contains(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"项目 / 金额 / 备注\">\n<table>\n<thead>\n<tr><th class=\"align-left\">项目</th><th class=\"align-right\">金额</th><th class=\"align-center\">备注</th></tr>\n</thead>\n<tbody>\n<tr><td class=\"align-left\">工资</td><td class=\"align-right\">100</td><td class=\"align-center\">无</td></tr>\n"
        ), "{}", r.html);
        // A header-only table has no tbody, and an unaligned column no class.
        assert!(r.html.contains(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"x\">\n<table>\n<thead>\n<tr><th>x</th></tr>\n</thead>\n</table>\n</div>"
        ), "{}", r.html);
        assert!(
            r.plain_text.contains("项目 金额 备注\n工资 100 无\n其他 5"),
            "{}",
            r.plain_text
        );
    }

    #[test]
    fn table_scroll_container_is_a_named_focusable_region() {
        // The label is the header row's text, escaped, and cut when long.
        let r = md("| `a<b` & \"c\" | **金额** |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.html.contains(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"a&lt;b &amp; &quot;c&quot; / 金额\">"
        ), "{}", r.html);
        let long = format!("| {} | x |\n|---|---|\n", "长".repeat(80));
        let label = format!("aria-label=\"{}…\"", "长".repeat(59));
        assert!(md(&long).html.contains(&label), "{}", md(&long).html);
        // A header row without text gives a focusable container without a name.
        let r = md("| |\n|---|\n| 1 |\n");
        assert!(
            r.html
                .contains("<div class=\"table-wrap\" tabindex=\"0\">\n<table>"),
            "{}",
            r.html
        );
        // Raw HTML keeps these attributes only with the values the generator uses.
        let r = md(
            "<div role=\"button\" tabindex=\"-1\" aria-label=\"x\">a</div>\n\n<div role=\"region\" tabindex=\"0\">b</div>\n",
        );
        assert!(
            !r.html.contains("button") && !r.html.contains("-1"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<div role=\"region\" tabindex=\"0\">b</div>"),
            "{}",
            r.html
        );
        let r = md("<span role=\"region\" tabindex=\"0\" aria-label=\"x\">a</span>\n");
        assert!(r.html.contains("<span>a</span>"), "{}", r.html);
    }

    #[test]
    fn footnotes_render_and_survive_sanitizing() {
        let r = md("预算说明[^说明]。\n\n[^说明]: 依据《预算法》。\n");
        assert_eq!(
            r.html,
            "<p>预算说明<sup class=\"footnote-reference\"><a href=\"#说明\">1</a></sup>。</p>\n\
             <div class=\"footnote-definition\" id=\"说明\"><sup class=\"footnote-definition-label\">1</sup>\n\
             <p>依据《预算法》。</p>\n</div>\n"
        );
        assert_eq!(r.plain_text, "预算说明。\n依据《预算法》。");
    }

    #[test]
    fn strikethrough_renders_as_del() {
        let r = md("原定~~三月~~四月发布，1~3月数据。\n");
        assert_eq!(r.html, "<p>原定<del>三月</del>四月发布，1~3月数据。</p>\n");
    }

    #[test]
    fn local_links_are_resolved_with_fragment_and_query_kept() {
        let mut calls: Vec<(String, Option<String>)> = Vec::new();
        let text = "[报告](../budget/2024-%E6%8A%A5%E5%91%8A.md#二、收入) [名单](roster.csv?v=2) ![图](files/chart.png \"标题\") [本页](#一总体情况) [空]()\n";
        let r = render(
            &MarkdownInput {
                text,
                first_line: 1,
            },
            &mut |path, fragment| {
                calls.push((path.to_owned(), fragment.map(str::to_owned)));
                resolver(path, fragment)
            },
        );
        assert_eq!(
            calls,
            vec![
                (
                    "../budget/2024-报告.md".to_owned(),
                    Some("二、收入".to_owned())
                ),
                ("roster.csv".to_owned(), None),
                ("files/chart.png".to_owned(), None),
            ]
        );
        assert_eq!(
            r.html,
            "<p><a href=\"../budget/2024-%E6%8A%A5%E5%91%8A.html#%E4%BA%8C%E3%80%81%E6%94%B6%E5%85%A5\">报告</a> \
             <a href=\"../files/roster.csv?v=2\">名单</a> \
             <img src=\"../files/files/chart.png\" alt=\"图\" title=\"标题\"> \
             <a href=\"#%E4%B8%80%E6%80%BB%E4%BD%93%E6%83%85%E5%86%B5\">本页</a> <a href=\"\">空</a></p>\n"
        );
        assert!(r.issues.is_empty());
    }

    #[test]
    fn unresolved_link_is_an_error_at_file_line_and_character_column() {
        let text = "# 标题\n\n详见《预算报告》[报告](missing.md#附表)。\n";
        let r = render(
            &MarkdownInput {
                text,
                first_line: 7,
            },
            &mut resolver,
        );
        assert_eq!(
            r.issues,
            vec![MarkdownIssue {
                line: 9,
                col: 9,
                message: "link to missing file `missing.md`".into(),
                help: "check the file name".into(),
                is_error: true,
                topic: Topic::Link,
            }]
        );
        // Nothing points at the missing file; the link text stays readable.
        assert!(
            r.html.contains("<p>详见《预算报告》报告。</p>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn site_absolute_link_is_an_error() {
        let r = md("见\n  [预算](/budget/2024.html)与\n");
        assert_eq!(r.issues.len(), 1);
        let issue = &r.issues[0];
        assert_eq!((issue.line, issue.col, issue.is_error), (2, 3, true));
        assert_eq!(
            issue.message,
            "absolute link `/budget/2024.html` in Markdown"
        );
        assert_eq!(
            issue.help,
            "link to the source file relative to this one, for example `../budget/2024-report.md`"
        );
        let r = md("![图](/img/a.png) [x](\\x)\n");
        let messages: Vec<&str> = r.issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "absolute link `/img/a.png` in Markdown",
                "absolute link `\\x` in Markdown"
            ]
        );
        assert!(!r.html.contains("/img/a.png"));
    }

    #[test]
    fn allowed_schemes_protocol_relative_and_fragments_are_kept() {
        let r = md(
            "[a](https://www.gov.cn/) [b](HTTP://example.com) [c](mailto:x@example.com) [d](tel:+86-10-12345678) <y@example.com> [e](//cdn.example.com/x) [f](#top)\n",
        );
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert_eq!(
            r.html,
            "<p><a href=\"https://www.gov.cn/\">a</a> <a href=\"HTTP://example.com\">b</a> \
             <a href=\"mailto:x@example.com\">c</a> <a href=\"tel:+86-10-12345678\">d</a> \
             <a href=\"mailto:y@example.com\">y@example.com</a> <a href=\"//cdn.example.com/x\">e</a> \
             <a href=\"#top\">f</a></p>\n"
        );
    }

    #[test]
    fn javascript_link_is_removed_with_warning_at_its_location() {
        let r = md("第一行\n点击[这里](javascript:alert(1))查看\n");
        assert_eq!(warnings(&r), vec![(2, 3, "removed a `javascript:` link")]);
        assert_eq!(
            r.issues[0].help,
            "only http, https, mailto and tel links are published"
        );
        assert_eq!(r.html, "<p>第一行\n点击这里查看</p>\n");
    }

    #[test]
    fn disguised_and_other_forbidden_schemes_are_removed() {
        let r = md(
            "[a](JaVaScRiPt:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](&#1;javascript:alert(1)) [d](java&#x09;script:alert(1)) [e](vbscript:x) [f](file:///etc/passwd) <javascript:alert(2)> ![图片说明](data:image/png;base64,AAAA)\n",
        );
        assert_eq!(
            warnings(&r),
            vec![
                (1, 1, "removed a `javascript:` link"),
                (1, 26, "removed a `data:` link"),
                (1, 66, "removed a `javascript:` link"),
                (1, 95, "removed a `javascript:` link"),
                (1, 126, "removed a `vbscript:` link"),
                (1, 142, "removed a `file:` link"),
                (1, 166, "removed a `javascript:` link"),
                (1, 188, "removed a `data:` image"),
            ]
        );
        assert!(!r.html.contains("href"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("图片说明"), "{}", r.html);
        assert!(r.plain_text.contains("图片说明"));
    }

    #[test]
    fn raw_script_block_is_removed_with_warning() {
        let r = md("前文\n\n<script>\nalert(1)\n</script>\n\n后文\n");
        assert_eq!(
            warnings(&r),
            vec![(3, 1, "removed `<script>` from raw HTML")]
        );
        assert_eq!(
            r.issues[0].help,
            "raw HTML is sanitized: scripts, styles, frames and event handlers are never published"
        );
        assert_eq!(r.html, "<p>前文</p>\n\n<p>后文</p>\n");
        assert_eq!(r.plain_text, "前文\n后文");

        let r = md("<script>alert(1)</script>\n");
        assert_eq!(
            warnings(&r),
            vec![(1, 1, "removed `<script>` from raw HTML")]
        );
        assert_eq!(r.html, "\n");
        assert_eq!(r.plain_text, "");
    }

    #[test]
    fn inline_script_and_style_are_removed_with_their_content() {
        let r = md("甲<script>alert(1)</script>乙<style>p{color:red}</style>丙\n");
        assert_eq!(
            warnings(&r),
            vec![
                (1, 2, "removed `<script>` from raw HTML"),
                (1, 28, "removed `<style>` from raw HTML")
            ]
        );
        assert_eq!(r.html, "<p>甲乙丙</p>\n");
        assert_eq!(r.plain_text, "甲乙丙");
    }

    #[test]
    fn img_onerror_is_removed_with_warning() {
        let r = md("图示：\n\n<img src=x onerror=alert(1)>\n");
        assert_eq!(
            warnings(&r),
            vec![(3, 12, "removed the `onerror` attribute from raw HTML")]
        );
        assert_eq!(r.html, "<p>图示：</p>\n<img src=\"x\">\n");

        // A tag spanning lines inside a blockquote is still recognised, and located.
        let r = md("> <div>\n> <img\n>  src=\"x.png\" ONLOAD=\"alert(1)\">\n> </div>\n");
        assert_eq!(
            warnings(&r),
            vec![(3, 16, "removed the `onload` attribute from raw HTML")]
        );
        assert!(
            !r.html.to_ascii_lowercase().contains("onload"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_javascript_urls_are_removed() {
        let r = md(
            "<a href=\"javascript:alert(1)\">点我</a> <a href=\"&#106;avascript:alert(2)\">二</a> <img src=\"data:image/svg+xml,x\">\n",
        );
        assert_eq!(
            warnings(&r),
            vec![
                (1, 4, "removed a `javascript:` URL from raw HTML"),
                (1, 41, "removed a `javascript:` URL from raw HTML"),
                (1, 84, "removed a `data:` URL from raw HTML"),
            ]
        );
        assert_eq!(r.html, "<p><a>点我</a> <a>二</a> <img></p>\n");
    }

    #[test]
    fn style_attributes_and_embedding_tags_are_removed() {
        let r = md(
            "<p style=\"color:red\" onclick=\"x()\">红字</p>\n\n<iframe src=\"https://example.com\">框</iframe>\n\n<form action=\"https://example.com\"><input name=q></form>\n",
        );
        assert_eq!(
            warnings(&r),
            vec![
                (
                    1,
                    4,
                    "removed the `style` attribute and the `onclick` attribute from raw HTML"
                ),
                (3, 1, "removed `<iframe>` from raw HTML"),
                (5, 1, "removed `<form>` and `<input>` from raw HTML"),
            ]
        );
        assert_eq!(r.html, "<p>红字</p>\n\n\n");
        assert_eq!(r.plain_text, "红字");
    }

    #[test]
    fn harmless_raw_html_is_kept_without_warnings() {
        let r = md(
            "<table><tr><td align=\"center\">甲&amp;乙</td><td>丙</td></tr></table>\n\n文字<br>换行 <span title=\"t\">x</span><!-- 注释 -->\n",
        );
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert_eq!(
            r.html,
            "<table><tbody><tr><td align=\"center\">甲&amp;乙</td><td>丙</td></tr></tbody></table>\n<p>文字<br>换行 <span title=\"t\">x</span></p>\n"
        );
        assert_eq!(r.plain_text, "甲&乙 丙\n文字\n换行 x");
    }

    #[test]
    fn template_syntax_comes_out_literally() {
        let r = md(
            "# {{ title }}\n\n{{ title }} {% raw %}{{ page.content | safe }}{% endraw %} {# note #}\n\n`{{ x }}`\n",
        );
        assert_eq!(
            r.html,
            "<h1 id=\"title\">{{ title }}</h1>\n\
             <p>{{ title }} {% raw %}{{ page.content | safe }}{% endraw %} {# note #}</p>\n\
             <p><code>{{ x }}</code></p>\n"
        );
        assert!(r.plain_text.contains("{{ title }} {% raw %}"));
    }

    #[test]
    fn plain_text_is_reader_text_without_markup() {
        let r = md(
            "# 一、总体情况\n\n本年度收入\n合计100万元，\nsee the\nreport [全文](a.md)。![示意图](x.png)\n\n\n- 列表一\n- 列表二\n  1. 子项\n\n| 科目 | 金额 |\n|---|---|\n| **工资** | 1 |\n\n```\n代码\n\n\n\n第二段   \n```\n\n注释[^1]\n\n[^1]: 脚注内容\n",
        );
        assert_eq!(
            r.plain_text,
            "一、总体情况\n本年度收入合计100万元，see the report 全文。示意图\n列表一\n列表二\n子项\n科目 金额\n工资 1\n代码\n\n第二段\n注释\n脚注内容"
        );
    }

    #[test]
    fn no_rel_attribute_is_added_to_links() {
        let r = md("[x](https://example.com)\n");
        assert!(!r.html.contains("rel="), "{}", r.html);
    }

    #[test]
    fn rendering_is_deterministic() {
        let text = "# 标题\n\n## 标题\n\n| a | b |\n|:-:|--|\n| 1 | 2 |\n\n[x](a.md#b)[y](javascript:z)\n\n<div onclick=x style=y>z</div>\n\n脚注[^a][^b]\n\n[^b]: 二\n[^a]: 一\n";
        let first = md(text);
        for _ in 0..5 {
            assert_eq!(md(text), first);
        }
    }

    #[test]
    fn raw_html_in_heading_is_sanitized_and_anchor_uses_text() {
        let r = md("## <span onclick=\"x()\">附件</span>下载\n");
        assert_eq!(
            warnings(&r),
            vec![(1, 10, "removed the `onclick` attribute from raw HTML")]
        );
        assert_eq!(r.headings[0].anchor, "附件下载");
        assert_eq!(r.html, "<h2 id=\"附件下载\"><span>附件</span>下载</h2>\n");
    }

    /// Bodies without raw HTML skip the sanitizer (see `render`): for every construct the
    /// Markdown writer has, and hostile links among them, the sanitizer would have kept every
    /// element, attribute and character; the two differ only in how they spell the same HTML.
    #[test]
    fn sanitizer_keeps_markdown_without_raw_html() {
        let pieces = [
            "# 一、总体情况 \"quoted\" & <angle>",
            "## Heading with `code` and *emphasis*",
            "[链接](report.md#二、收入 \"标题 \\\"quoted\\\"\") [外部](https://example.invalid/a?b=1&c=\"2\")",
            "<https://example.invalid/auto> <mail@example.invalid> <tel:0000-1234567>",
            "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](\u{1}java\tscript:x) [d](data:text/html,x)",
            "![图 \"alt\" <b>](chart.png \"title ' \\\" < >\") ![bad](vbscript:x)",
            "```rust\"><script>x</script>\nlet a = \"<b>\" & 'c';\n```",
            "    indented <code> & \"quotes\"",
            "| 左 | 中 | 右 |\n|:---|:---:|---:|\n| a & b | \"c\" | <d |",
            "正文[^1]与脚注[^note \"x\"]。\n\n[^1]: 脚注 *一*\n[^note \"x\"]: 另一个",
            "~~删除~~ **粗体** _斜体_ `a<b>&c`",
            "行末硬换行  \n下一行\\\n再下一行",
            "---\n\n***",
            "> 引用 & \"quote\"\n>\n> - 列表\n\n3. 三\n4. 四",
            "&amp; &copy; &#x27; &#39; &quot; &lt;script&gt; &nbsp; &unknown; \u{a0} \u{0} '单引号'",
            "控制字符\u{1}\u{b}\u{7f}\u{85}\u{feff}\u{fffe}结束",
            "[ref link][r] [collapsed][]\n\n[r]: roster.csv \"t\"\n[collapsed]: roster.csv",
        ];
        let normalize = |html: &str| {
            html.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&nbsp;", "\u{a0}")
        };
        for text in pieces.iter().copied().chain([pieces.join("\n\n").as_str()]) {
            let r = md(text);
            let cleaned = sanitizer().clean(&r.html).to_string();
            assert_eq!(
                normalize(&r.html),
                normalize(&cleaned),
                "the sanitizer would change the body of {text:?}"
            );
            assert!(!r.html.contains(" />"), "{}", r.html);
        }
    }

    #[test]
    fn hostile_inputs_never_panic_or_leak() {
        let pieces = [
            "<script>",
            "</script>",
            "<scr<script>ipt>",
            "<img src=x onerror=alert(1)",
            "<a href='jav&#x61;script:x'>",
            "<svg><style>x</style><script>y</script></svg>",
            "<!--",
            "-->",
            "<a\n\u{4e00}=1 b=\"",
            "<\u{4e00}>",
            "<p style=x>",
            "&#",
            "&#x;",
            "[x](javascript:y)",
            "![y](vbscript:z)",
            "<iframe srcdoc=\"<script>x</script>\">",
            "<math><mtext><table><mglyph><style><img src=x onerror=y>",
            "| a |\n|---|\n| <b onmouseover=x>b</b> |",
            "[^x]\n\n[^x]: <i onload=y>z</i>",
            "`<script>`",
            "中文",
            "\n\n",
            "<",
        ];
        for a in pieces {
            for b in pieces {
                let text = format!("{a}{b}\n\n{b} {a}");
                let r = md(&text);
                // Read the output the way a browser would and look for anything active.
                let leaked = findings(&tokenize_html(&r.html, &mut None));
                assert!(leaked.is_empty(), "{leaked:?} from {text:?}: {}", r.html);
            }
        }
    }

    #[test]
    fn helpers_behave() {
        assert_eq!(percent_decode("a%20b%E4%B8%80%zz%4"), "a b一%zz%4");
        assert_eq!(
            url_scheme(" \u{1}Java\tScript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(url_scheme("a.md"), None);
        assert_eq!(url_scheme(":x"), None);
        assert_eq!(url_scheme("1a:x"), None);
        assert_eq!(
            decode_entities("&#106;&#x61;&colon;&amp&bogus;&#99999999999;"),
            "ja:&amp&bogus;\u{FFFD}"
        );
        assert_eq!(slugify("  --Hello,  World__!  "), "hello-world");
        assert_eq!(slugify("第１章　总则"), "第１章-总则");
    }
}
