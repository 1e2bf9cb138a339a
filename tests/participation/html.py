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
