//! Markdown rendering for one content file: this module owns turning a Markdown body into
//! the sanitized HTML fragment that is published, together with everything the rest of the
//! build needs from it — the heading outline with stable anchors, the reader-visible plain
//! text for search and excerpts, and the problems found (bad links, dangerous raw HTML),
//! each located at a line and column of the source file. Link targets are not resolved
//! here: the caller decides, through a callback, what a relative link to another source
//! file or attachment becomes.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// How a local (relative, scheme-less) link target resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkResolution {
    /// Rewrite the link to this href (already relative-or-absolute as the page needs it).
    Href(String),
    /// The target does not exist / is not allowed: report this message and help text as an error.
    Error { message: String, help: String },
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
    pub message: String,
    pub help: String,
    /// Errors must fail the build; warnings only inform (the offending part was removed).
    pub is_error: bool,
}

/// The result of rendering one Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML fragment.
    pub html: String,
    /// Text content for search and excerpts: block elements separated by "\n", no markup.
    pub plain_text: String,
    pub headings: Vec<Heading>,
    /// In source order.
    pub issues: Vec<MarkdownIssue>,
}

const ABSOLUTE_LINK_HELP: &str =
    "link to the source file relative to this one, for example `../budget/2024-report.md`";
const SCHEME_HELP: &str = "only http, https, mailto and tel links are published";
const RAW_HTML_HELP: &str =
    "raw HTML is sanitized: scripts, styles, frames and event handlers are never published";

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
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "input", "button", "select", "textarea", "link", "meta", "base", "template",
];

/// Elements whose content an HTML parser reads as plain characters up to the matching end
/// tag, so markup-looking text inside them must not be mistaken for tags.
const RAW_TEXT_TAGS: [&str; 9] = [
    "script", "style", "iframe", "xmp", "textarea", "title", "noembed", "noframes", "noscript",
];

/// Attributes whose value is a URL a browser may follow or load.
const URL_ATTRIBUTES: [&str; 13] = [
    "href", "src", "xlink:href", "action", "formaction", "data", "ping", "poster", "cite",
    "background", "longdesc", "codebase", "srcset",
];

/// Raw-HTML elements that start a new line of reader text.
const BLOCK_TAGS: [&str; 33] = [
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details",
    "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
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
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(input.text, options).into_offset_iter().collect();

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
                out.push(event.clone());
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                match renderer.link_target(*link_type, dest_url, range.start, false, resolve) {
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
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                match renderer.link_target(*link_type, dest_url, range.start, true, resolve) {
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
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if renderer.link_stack.pop().unwrap_or(true) {
                    out.push(event.clone());
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                renderer.table = TableState { alignments: alignments.clone(), ..TableState::default() };
                out.push(html_event("<div class=\"table-wrap\">\n<table>\n"));
            }
            Event::End(TagEnd::Table) => {
                let close = if renderer.table.body_open { "</tbody>\n</table>\n</div>\n" } else { "</table>\n</div>\n" };
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
                out.push(html_event("</tr>\n</thead>\n"));
            }
            Event::Start(Tag::TableRow) => {
                renderer.table.cell_index = 0;
                let open = if renderer.table.body_open { "<tr>" } else { "<tbody>\n<tr>" };
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
                if renderer.skip_text() {
                    // Inline `<script>…</script>` wraps Markdown text that the sanitizer drops.
                } else {
                    renderer.plain.text(text);
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

    let mut unsafe_html = String::with_capacity(input.text.len() * 2);
    pulldown_cmark::html::push_html(&mut unsafe_html, out.into_iter());
    let html = sanitizer().clean(&unsafe_html).to_string();

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
            .add_allowed_classes("sup", &["footnote-reference", "footnote-definition-label"])
            .add_clean_content_tags(&CLEAN_CONTENT_TAGS)
            .strip_comments(true);
        builder
    })
}

#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
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
        let index = self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (self.first_line + index, col)
    }

    fn issue(&mut self, offset: usize, message: String, help: &str, is_error: bool) {
        let (line, col) = self.locate(offset);
        self.issues.push(MarkdownIssue { line, col, message, help: help.to_owned(), is_error });
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
        self.headings.push(Heading { level: heading_level(level), text, anchor: anchor.clone() });
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
                let what = if is_image { "image" } else { "link" };
                self.issue(offset, format!("removed a `{scheme}:` {what}"), SCHEME_HELP, false);
                None
            }
            Target::SiteAbsolute => {
                self.issue(
                    offset,
                    format!("absolute link `{dest}` in Markdown"),
                    ABSOLUTE_LINK_HELP,
                    true,
                );
                None
            }
            Target::Local { path, query, fragment } => {
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
                        self.issue(offset, message, &help, true);
                        None
                    }
                }
            }
        }
    }

    /// Scan the lines of one raw HTML block as a whole (a tag may span lines) and warn once
    /// per line that holds something the sanitizer removes.
    fn html_block(&mut self, lines: &[(Event, Range<usize>)]) {
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
            let line = starts.partition_point(|&(start, _)| start <= offset).saturating_sub(1);
            match by_line.iter_mut().find(|(l, _, _)| *l == line) {
                Some((_, _, items)) => push_unique(items, item),
                None => {
                    let body_offset = starts
                        .get(line)
                        .map_or(0, |&(joined_start, body_start)| body_start + (offset - joined_start));
                    by_line.push((line, body_offset, vec![item]));
                }
            }
        }
        for (_, offset, items) in by_line {
            self.issue(offset, removal_message(&items), RAW_HTML_HELP, false);
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
            self.issue(offset + first, removal_message(&items), RAW_HTML_HELP, false);
        }
        let mut depth = self.inline_drop_depth;
        html_text(&pieces, &mut depth, &mut self.plain);
        self.inline_drop_depth = depth;
    }

    /// Markdown text inside an inline element that the sanitizer removes whole.
    fn skip_text(&self) -> bool {
        self.inline_drop_depth > 0 || self.inline_raw.is_some_and(|tag| CLEAN_CONTENT_TAGS.contains(&tag))
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
