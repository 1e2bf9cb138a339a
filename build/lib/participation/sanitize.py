"""Turning what people type into HTML that is safe to store and show.

Users write into a <textarea>. What they type is kept as they typed it (the
"source", for edit forms and exports) beside the HTML made from it, in one of two
formats (``TextFormat``):

- ``plain`` (text_to_html): we escape it, make paragraphs (blank line) and line
  breaks (single newline). Proposed wording is always plain: it is legal text
  whose "2. W okresie…" numbering must stay as typed, not become a list. Comments
  written before Markdown are plain too, and keep showing as they did.
- ``markdown`` (markdown_to_html): comments, their justification, replies and the
  office's reasoning. A small subset only: **bold**, *italic*, bulleted and
  numbered lists, [links](https://…), > quotes, a newline is a line break. Raw
  HTML, headings, images, code, tables and rules are off and show as typed.

Both then turn bare addresses into links and run bleach over the result, so the
stored HTML is always clean whatever happened before. Typed markup therefore
shows as text ("<b>" stays "<b>"), which is what someone writing "a < b" expects.
"""

import html
import re
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "a", "ul", "ol", "li", "strong", "b", "em", "i", "blockquote"}
)
# "start": a list typed from "3." must not be shown as starting at 1.
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

TEXT_MAX_LENGTH = 5000
PROPOSED_WORDING_MAX_LENGTH = 5000
JUSTIFICATION_MAX_LENGTH = 5000
REASONING_MAX_LENGTH = 5000
FLAG_REASON_MAX_LENGTH = 500
HIDE_REASON_MAX_LENGTH = 500


class TextFormat(models.TextChoices):
    """How a stored text's source was turned into its HTML."""

    PLAIN = "plain", _("plain text")
    MARKDOWN = "markdown", _("formatted text (Markdown)")


# Shown under every textarea that takes Markdown (forms and thread templates).
FORMATTING_HELP = _(
    "Formatting: **bold**, *italic*, lines starting with “- ” or “1. ” make a "
    "list, “> ” a quote, [text](https://address) a link."
)

TOO_LONG_MESSAGE = _(
    "This text is too long: at most %(limit_value)s characters (it has %(show_value)s)."
)


def _safe_href(attrs, new=False):
    """Linkify callback: drop links whose address is not http(s) or mailto."""
    href = attrs.get((None, "href"), "")
    scheme = href.split(":", 1)[0].strip().lower() if ":" in href else ""
    # Relative and fragment addresses make no sense in user content either: the
    # link goes, its text stays.
    return attrs if scheme in ALLOWED_PROTOCOLS else None


def _set_rel(attrs, new=False):
    """Linkify callback: every user link is untrusted (no SEO credit, no opener)."""
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        partial(
            LinkifyFilter,
            callbacks=[_safe_href, _set_rel],
            parse_email=True,
        )
    ],
)

_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n+")


def clean_html(value: str) -> str:
    """Strips every tag and attribute outside the allow-list, links bare URLs and
    marks every link rel="nofollow ugc noopener"."""
    return _cleaner.clean(value or "")


def normalise_source(value: str) -> str:
    """Typed text as we keep it: Unix newlines, no surrounding blank space."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def text_to_html(value: str) -> str:
    """Converts plain text typed by a person into clean HTML paragraphs."""
    text = normalise_source(value)
    if not text:
        return ""
    paragraphs = []
    for block in _BLANK_LINE_RE.split(text):
        lines = [html.escape(line.strip(), quote=False) for line in block.split("\n")]
        paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return clean_html("".join(paragraphs))


def _markdown_link_allowed(url: str) -> bool:
    """Links markdown-it may make: http(s) and mailto only (its own check only
    refuses javascript:, vbscript:, file: and data:). A refused link stays text,
    as typed; bleach and _safe_href check the result again."""
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return scheme in ALLOWED_PROTOCOLS


# The "zero" preset has paragraphs and text only; we switch on the subset we
# document and nothing else, so a new markdown-it release adding rules to a
# preset cannot widen what comments may contain.
_markdown = MarkdownIt(
    "zero",
    {
        "html": False,
        "breaks": True,
        "linkify": False,
        "typographer": False,
        "xhtmlOut": False,
    },
).enable(["blockquote", "list", "emphasis", "link", "newline", "autolink", "escape"])
_markdown.validateLink = _markdown_link_allowed


def markdown_to_html(value: str) -> str:
    """Converts the Markdown subset typed by a person into clean HTML."""
    text = normalise_source(value)
    if not text:
        return ""
    # markdown-it ends block tags and <br> with a newline; without them the HTML
    # has the compact shape of text_to_html's. No other ">" can meet a newline:
    # text is escaped, so ">" only ends tags.
    return clean_html(_markdown.render(text).replace(">\n", ">"))


def source_to_html(value: str, text_format: str) -> str:
    """The HTML of a source typed in ``text_format``."""
    if text_format == TextFormat.MARKDOWN:
        return markdown_to_html(value)
    return text_to_html(value)


def as_typed(source: str, html: str) -> str:
    """What the author typed: the kept source, or, for texts stored before
    sources were kept (plain, source empty), the text recovered from the HTML."""
    if source or not html:
        return source
    return html_to_text(html)


_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_GAP_RE = re.compile(r"</p>\s*<p>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")


def html_to_text(value: str) -> str:
    """The plain text a stored HTML value came from (for edit forms and exports)."""
    text = _PARAGRAPH_GAP_RE.sub("\n\n", value or "")
    text = _BREAK_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    return html.unescape(text).strip()


def too_long_error(limit: int, length: int) -> ValidationError:
    return ValidationError(
        TOO_LONG_MESSAGE,
        code="max_length",
        params={"limit_value": limit, "show_value": length},
    )
