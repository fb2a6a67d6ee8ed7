"""Markdown written by people (a member's biography), rendered to a small, safe subset of HTML.

Two locks: Markdown is run with its raw-HTML handling taken out, so that `<script>` or `<img
onerror=…>` come out as visible text; then nh3 keeps only a few tags, `href` on links, and the
http, https and mailto schemes. Taking the raw-HTML handling out, rather than escaping `<` before
Markdown, keeps code spans and `<https://…>` autolinks working.
"""

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
