"""Markdown written by people (a member's biography), rendered to a small, safe subset of HTML.

Two locks: Markdown is run with its raw-HTML handling taken out, so that `<script>` or `<img
onerror=…>` come out as visible text; then nh3 keeps only a few tags, `href` on links, and the
http, https and mailto schemes. Taking the raw-HTML handling out, rather than escaping `<` before
Markdown, keeps code spans and `<https://…>` autolinks working.
"""

import re

import markdown as _markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "code", "blockquote"}
# "*" empty: nh3 would otherwise keep its default generic attributes (title, lang) on every tag.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "*": set()}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
MAX_LENGTH = 20_000  # far above any text field of the site: a bound on the work done per page


def _converter():
    md = _markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_markdown(text):
    """Safe HTML for `text` (plain text or simple Markdown); raw HTML is shown as text."""
    if not text:
        return mark_safe("")
    html = _converter().convert(str(text)[:MAX_LENGTH])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        url_relative="deny",
        link_rel=LINK_REL,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 with the allow-list above


# plain_text(): the same Markdown read as text, for places that show a line of it (a directory
# card's snippet) and mark the words searched in it. Regular expressions rather than rendering
# and stripping tags: twenty cards a page, each a biography of up to 5,000 characters.
_PLAIN_RULES = [
    (re.compile(p, flags), replacement)
    for p, flags, replacement in [
        # Reference definitions and horizontal rules (also setext underlines) go entirely.
        (r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M, ""),
        (r"^[ \t]{0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$", re.M, ""),
        # Headings, quotes and list markers at the start of a line (nested: "> - item").
        (r"^[ \t]*(?:(?:>|(?:#{1,6}|[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)+", re.M, ""),
        (r"[ \t]+#+[ \t]*$", re.M, ""),  # closing hashes of a heading
        # Images and links keep their text; autolinks their address.
        (r"!?\[([^\]\n]*)\]\([^)\n]*\)", 0, r"\1"),
        (r"!?\[([^\]\n]+)\]\[[^\]\n]*\]", 0, r"\1"),
        (r"<((?:https?|mailto):[^>\s]+)>", 0, r"\1"),
        (r"(`+)(.+?)\1", re.S, r"\2"),
        # Emphasis: ** __ * _ around text; an underscore inside a word is a letter.
        (r"(?<![\\*])(\*\*|\*)(?=\S)(.+?)(?<=\S)\1", re.S, r"\2"),
        (r"(?<![\\\w])(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)", re.S, r"\2"),
        (r"\\([\\`*_{}\[\]()#+\-.!>])", 0, r"\1"),  # backslash escapes
    ]
]


# A character any rule above needs, or a line that may start a list, a rule or a heading
# underline: most biographies have none, and skip the rules.
_MAY_BE_MARKDOWN = re.compile(r"[*_\[`#>!<\\]|^[ \t]*[-+=\d]", re.M)


def plain_text(text):
    """`text` (plain text or simple Markdown) without its Markdown syntax, on one line: what a
    reader of the rendered text sees, as text to be escaped where it is shown."""
    text = str(text or "")[:MAX_LENGTH]
    if not _MAY_BE_MARKDOWN.search(text):
        return " ".join(text.split())
    for pattern, replacement in _PLAIN_RULES:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())
