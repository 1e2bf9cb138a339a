"""Turning what people type into HTML that is safe to store and show.

Users write into a <textarea>: their input is plain text. We escape it, make
paragraphs (blank line) and line breaks (single newline), turn bare addresses into
links, and finally run bleach over the result, so the stored HTML is always clean
whatever happened before. Typed markup therefore shows as text ("<b>" stays
"<b>"), which is what someone writing "a < b" expects.
"""

import html
import re
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = frozenset({"p", "br", "a", "ul", "ol", "li", "strong", "b", "em", "i"})
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

TEXT_MAX_LENGTH = 5000
PROPOSED_WORDING_MAX_LENGTH = 5000
JUSTIFICATION_MAX_LENGTH = 5000
REASONING_MAX_LENGTH = 5000
FLAG_REASON_MAX_LENGTH = 500
HIDE_REASON_MAX_LENGTH = 500

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


def text_to_html(value: str) -> str:
    """Converts plain text typed by a person into clean HTML paragraphs."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = []
    for block in _BLANK_LINE_RE.split(text):
        lines = [html.escape(line.strip(), quote=False) for line in block.split("\n")]
        paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return clean_html("".join(paragraphs))


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
