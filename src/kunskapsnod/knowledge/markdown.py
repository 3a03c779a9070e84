"""Markdown of entries, rendered by markdown-it-py and sanitised by nh3 (ammonia).

Two layers, each enough on its own: markdown-it runs with ``html=False``, so raw HTML in
the source is escaped as text and never reaches the page; nh3 then keeps only the tags
and attributes listed here, only http(s) and mailto links, and gives every link
``rel="noopener nofollow"`` (people outside the node write these texts; the node does not
vouch for where they point). Images are not rendered: the CSP allows our own images only
and a remote image would tell a third party who read the entry, so ``![text](url)``
becomes a link to the image. Headings move one level down, so that the body's headings
sit under the page's one ``<h1>``.
"""

import html
import re
from functools import lru_cache

import nh3
from django.utils.html import strip_tags
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener nofollow"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
    return md


def _image_as_link(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    text = self.renderInline(token.children or [], options, env) or _escape(src)
    return f'<a href="{_escape(src)}">{text}</a>'


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(source: str) -> str:
    """Safe HTML for ``source`` (Markdown). The result may be marked safe in a template."""
    if not source:
        return ""
    tokens = _parser().parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    rendered = _parser().renderer.render(tokens, _parser().options, {})
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def markdown_to_text(source: str) -> str:
    """The words of ``source`` without Markdown syntax: for snippets, feeds and search."""
    return " ".join(html.unescape(strip_tags(render_markdown(source))).split())


# Where a block ends in rendered HTML: the end of a line in the plain text.
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|pre|blockquote|tr)>|<br\s*/?>|<hr\s*/?>)")


def markdown_to_lines(source: str) -> str:
    """The words of ``source`` without Markdown syntax, one line per paragraph, heading,
    list item or table row (a line break inside a paragraph is a space): what the search
    index stores and its snippets show."""
    rendered = _BLOCK_END.sub(r"\1\n", render_markdown(source).replace("\n", " "))
    lines = (" ".join(line.split()) for line in html.unescape(strip_tags(rendered)).split("\n"))
    return "\n".join(line for line in lines if line)
