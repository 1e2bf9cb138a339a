"""Reading rendered pages like a browser would, without one."""

from html.parser import HTMLParser


class TagCollector(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector


def between(html: str, start_marker: str, end_marker: str) -> str:
    start = html.index(start_marker)
    return html[start : html.index(end_marker, start)]


def article(html: str, comment_id: int) -> str:
    """The <article> of one comment, up to its end tag (no nested articles)."""
    start = html.index(f'<article id="comment-{comment_id}"')
    return html[start : html.index("</article>", start) + len("</article>")]


VOID_TAGS = {
    "area",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
# Elements that are landmarks whatever their name, and those (section, form)
# that are only when named.
LANDMARK_TAGS = {"aside": "complementary", "main": "main", "nav": "navigation"}
NAMED_LANDMARK_TAGS = {"section": "region", "form": "form"}
LANDMARK_ROLES = {
    "banner",
    "complementary",
    "contentinfo",
    "form",
    "main",
    "navigation",
    "region",
    "search",
}


class _LandmarkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[list] = []
        self.text_by_id: dict[str, str] = {}
        self.landmarks: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        role = attrs.get("role")
        named = "aria-label" in attrs or "aria-labelledby" in attrs
        if role in LANDMARK_ROLES:
            self.landmarks.append((role, attrs))
        elif role is None and tag in LANDMARK_TAGS:
            self.landmarks.append((LANDMARK_TAGS[tag], attrs))
        elif role is None and tag in NAMED_LANDMARK_TAGS and named:
            self.landmarks.append((NAMED_LANDMARK_TAGS[tag], attrs))
        if tag not in VOID_TAGS:
            self.stack.append([tag, attrs, []])

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, attrs, text = self.stack.pop()
            if "id" in attrs:
                self.text_by_id[attrs["id"]] = "".join(text)
            if self.stack:
                self.stack[-1][2].extend(text)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)


def landmarks(html: str) -> list[tuple[str, str]]:
    """(role, accessible name) of every landmark, names from ``aria-label`` or
    the text of the elements ``aria-labelledby`` points at (whitespace folded)."""
    collector = _LandmarkCollector()
    collector.feed(html)
    collector.close()
    result = []
    for role, attrs in collector.landmarks:
        if "aria-labelledby" in attrs:
            name = " ".join(
                collector.text_by_id.get(ref, "")
                for ref in attrs["aria-labelledby"].split()
            )
        else:
            name = attrs.get("aria-label", "")
        result.append((role, " ".join(name.split())))
    return result
