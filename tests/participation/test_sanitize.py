import pytest

from participation import services
from participation.models import Comment, Decision
from participation.sanitize import (
    ALLOWED_TAGS,
    LINK_REL,
    clean_html,
    html_to_text,
    text_to_html,
)

from .html import parse

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '"><svg onload=alert(1)>',
    "<iframe src=//evil.example></iframe>",
    '<a href="JaVaScRiPt:alert(1)" onclick="alert(1)">y</a>',
    "<style>body{display:none}</style>",
]


def assert_safe(html: str) -> None:
    """Only allowed tags, no event handlers, links only to http(s)/mailto."""
    for tag, attrs in parse(html).tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            if name == "href":
                assert value.split(":", 1)[0] in {"http", "https", "mailto"}, html
                assert attrs.get("rel") == LINK_REL


# --- plain text typed by a person -------------------------------------------------
def test_text_becomes_paragraphs_and_line_breaks():
    assert text_to_html("Pierwszy\nwiersz\n\n\nDrugi akapit\r\n") == (
        "<p>Pierwszy<br>wiersz</p><p>Drugi akapit</p>"
    )


def test_typed_markup_is_shown_as_text_not_obeyed():
    assert (
        text_to_html("a < b & <b>c</b>") == "<p>a &lt; b &amp; &lt;b&gt;c&lt;/b&gt;</p>"
    )


def test_bare_addresses_become_untrusted_links():
    html = text_to_html(
        "Zobacz https://bip.example.org/uchwala?id=1&x=2 albo mail a@b.pl"
    )

    assert (
        '<a href="https://bip.example.org/uchwala?id=1&amp;x=2" '
        f'rel="{LINK_REL}">https://bip.example.org/uchwala?id=1&amp;x=2</a>'
    ) in html
    assert f'<a href="mailto:a@b.pl" rel="{LINK_REL}">a@b.pl</a>' in html
    assert_safe(html)


def test_html_to_text_gives_back_what_was_typed():
    typed = "Akapit 1\nwiersz 2\n\nLink: https://example.org/?a=1&b=2 i a < b"

    assert html_to_text(text_to_html(typed)) == typed


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_typed_as_text_stay_inert(payload):
    html = text_to_html(payload)

    assert_safe(html)
    assert html_to_text(html) == payload


# --- HTML from anywhere (defence in depth) ----------------------------------------
@pytest.mark.parametrize("payload", PAYLOADS)
def test_clean_html_strips_what_is_not_allowed(payload):
    html = clean_html(payload)

    assert_safe(html)
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "javascript:" not in html.lower()


def test_clean_html_keeps_the_allowed_tags_and_marks_links():
    html = clean_html(
        "<p><strong>a</strong> <em>b</em> <b>c</b> <i>d</i></p><ul><li>e</li></ul>"
        '<ol><li>f</li></ol><a href="https://x.pl" target="_blank" title="t">g</a><br>'
        '<div class="x">h</div><a href="/relative">i</a>'
    )

    assert html == (
        "<p><strong>a</strong> <em>b</em> <b>c</b> <i>d</i></p><ul><li>e</li></ul>"
        f'<ol><li>f</li></ol><a href="https://x.pl" rel="{LINK_REL}">g</a><br>\nhi'
    )


# --- stored and rendered ----------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.urls("tests.participation.urls")
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_neutralised_in_the_database_and_on_the_page(
    client, target, resident, official, payload
):
    comment = services.comment_create(
        author=resident,
        target=target,
        text=payload,
        proposed_wording=payload,
        justification=payload,
    )
    services.official_response_publish(
        official=official,
        comment=comment,
        decision=Decision.REJECTED,
        reasoning=payload,
    )

    stored = Comment.objects.select_related("response").get()
    for html in (
        stored.text,
        stored.proposed_wording,
        stored.justification,
        stored.response.reasoning,
    ):
        assert_safe(html)
        assert "<script" not in html and "<svg" not in html and "<img" not in html

    client.force_login(resident)
    page = client.get(f"/watek-testowy/{target.pk}/").content.decode()
    fragment = client.get(f"/udzial/komentarze/{comment.pk}/fragment/").content.decode()
    for html in (page, fragment):
        tags = parse(html).tags
        assert not [t for t, _ in tags if t in {"img", "svg", "iframe", "style"}]
        scripts = [a for t, a in tags if t == "script"]
        # Only the site's own module scripts, never anything the comment carried.
        assert all(a.get("src", "").startswith("/static/") for a in scripts)
        assert not [a for _, a in tags if any(k.startswith("on") for k in a)]
        assert not [
            a for _, a in tags if a.get("href", "").lower().startswith("javascript")
        ]
    # What was typed is still there for people to read, as text.
    assert payload in "".join(parse(fragment).text)
