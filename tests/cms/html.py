"""A small HTML reader for assertions on what a visitor (or screen reader) gets."""

from html.parser import HTMLParser


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None"):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element] = []
        self.text_parts: list[str] = []
        # Text and children in document order, for ``text_in_order``.
        self.sequence: list = []

    @property
    def text(self) -> str:
        parts = list(self.text_parts)
        for child in self.children:
            parts.append(child.text)
        return " ".join(" ".join(parts).split())

    @property
    def text_in_order(self) -> str:
        """The text as read, inline elements (<mark>) in their place."""
        parts = [
            item if isinstance(item, str) else item.text_in_order
            for item in self.sequence
        ]
        return " ".join("".join(parts).split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        """Descendants (and self) by tag and attributes: ``class_`` matches one
        class of the element; other names use "-" for "_" (``aria_current``)."""
        wanted_class = attrs.pop("class_", None)
        found = []
        for element in self.iter():
            if tag is not None and element.tag != tag:
                continue
            if wanted_class is not None and not element.has_class(wanted_class):
                continue
            if all(
                element.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()
            ):
                found.append(element)
        return found

    def find(self, tag: str | None = None, **attrs) -> "Element | None":
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(
            tag, {k: (v if v is not None else "") for k, v in attrs}, self.current
        )
        self.current.children.append(element)
        self.current.sequence.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text_parts.append(data)
        self.current.sequence.append(data)


def parse(content: bytes | str) -> Element:
    builder = _Builder()
    builder.feed(content.decode() if isinstance(content, bytes) else content)
    return builder.root
