"""Formatted comments: the Markdown subset, what stays text, the XSS corpus again
through Markdown, what is kept as typed, and the editor's preview endpoint."""

import pytest
from django.test import Client

from participation import selectors, services
from participation.models import Comment, Decision
from participation.sanitize import (
    LINK_REL,
    TextFormat,
    markdown_to_html,
)

from .factories import make_comment
from .html import article, parse
from .test_sanitize import PAYLOADS, assert_safe

JSON = {"HTTP_ACCEPT": "application/json"}
PREVIEW_URL = "/udzial/komentarze/podglad/"


# --- the subset -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "html"),
    [
        (
            "**mocno** i *lekko* i _też_",
            "<p><strong>mocno</strong> i <em>lekko</em> i <em>też</em></p>",
        ),
        ("Wiersz 1\nwiersz 2\n\nAkapit", "<p>Wiersz 1<br>wiersz 2</p><p>Akapit</p>"),
        ("- drzewa\n- ławki", "<ul><li>drzewa</li><li>ławki</li></ul>"),
        ("1. pierwszy\n2. drugi", "<ol><li>pierwszy</li><li>drugi</li></ol>"),
        # A list typed from 3 is shown from 3, not renumbered from 1.
        ("3. trzeci\n4. czwarty", '<ol start="3"><li>trzeci</li><li>czwarty</li></ol>'),
        ("> Cytat z uchwały", "<blockquote><p>Cytat z uchwały</p></blockquote>"),
        (
            "[uchwała](https://bip.example.org/u?a=1&b=2)",
            '<p><a href="https://bip.example.org/u?a=1&amp;b=2" '
            f'rel="{LINK_REL}">uchwała</a></p>',
        ),
        (
            "<https://bip.example.org>",
            f'<p><a href="https://bip.example.org" rel="{LINK_REL}">'
            "https://bip.example.org</a></p>",
        ),
        (
            "Zobacz https://bip.example.org i a@b.pl",
            f'<p>Zobacz <a href="https://bip.example.org" rel="{LINK_REL}">'
            f'https://bip.example.org</a> i <a href="mailto:a@b.pl" rel="{LINK_REL}">'
            "a@b.pl</a></p>",
        ),
        (r"\*nie kursywa\*", "<p>*nie kursywa*</p>"),
    ],
)
def test_the_documented_subset_renders(typed, html):
    assert markdown_to_html(typed) == html


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<b>a</b> & a < b", "<p>&lt;b&gt;a&lt;/b&gt; &amp; a &lt; b</p>"),
        ("# Nagłówek", "<p># Nagłówek</p>"),
        ("```\nkod\n```", "<p>```<br>kod<br>```</p>"),
        ("| a | b |\n|---|---|", "<p>| a | b |<br>|---|---|</p>"),
        ("---", "<p>---</p>"),
        ("`kod`", "<p>`kod`</p>"),
        ("~~skreślone~~", "<p>~~skreślone~~</p>"),
        # Typed character references stay references (bleach keeps them, as in
        # plain text): they show the character they name, never make markup.
        ("&lt;script&gt; &#106;", "<p>&lt;script&gt; &#106;</p>"),
        # A relative link is not a link (as in plain text): it stays as typed.
        ("[x](/admin/)", "<p>[x](/admin/)</p>"),
    ],
)
def test_raw_html_and_what_is_switched_off_show_as_typed(typed, shown):
    assert markdown_to_html(typed) == shown


def test_images_never_become_images():
    html = markdown_to_html("![zdjęcie](https://example.org/a.png)")

    assert "<img" not in html
    assert_safe(html)


# --- the XSS corpus through Markdown ----------------------------------------------
MARKDOWN_PAYLOADS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](java&#115;cript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](java\u0000script:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<vbscript:msgbox(1)>",
    "![x](javascript:alert(1))",
    "[x][1]\n\n[1]: javascript:alert(1)",
    '[x](https://example.org "a" onclick="alert(1)")',
    '[x](https://example.org"onmouseover="alert(1))',
    "[**<img src=x onerror=alert(1)>**](https://example.org)",
    "***<script>alert(1)</script>***",
    "*a **b _c <svg onload=alert(1)> c_ b** a*",
    "> <iframe src=//evil.example></iframe>\n> - <style>x</style>",
    "- [x](javascript:alert(1))\n  1. <a href=javascript:alert(1)>y</a>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<a href='javascript:alert(1)'>x</a>",
    "[<a href=javascript:alert(1)>x</a>](https://example.org)",
    "[x](https://example.org)<img src=x onerror=alert(1)>",
    "_" * 300 + "x" + "*" * 300,
    ">" * 100 + " głęboko",
]


def _no_unsafe_links(html: str) -> None:
    """No handler attributes, and every address is http(s) or mailto."""
    for _tag, attrs in parse(html).tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            if name in {"href", "src"}:
                assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"}


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS + PAYLOADS)
def test_payloads_through_markdown_stay_inert(payload):
    html = markdown_to_html(payload)

    assert_safe(html)
    _no_unsafe_links(html)
    for tag, _attrs in parse(html).tags:
        assert tag not in {"script", "img", "svg", "iframe", "style"}, html
    hrefs = [a["href"] for t, a in parse(html).tags if t == "a"]
    assert not [h for h in hrefs if "javascript" in h.lower() or "data:" in h]


@pytest.mark.django_db
@pytest.mark.urls("tests.participation.urls")
@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS[:6] + MARKDOWN_PAYLOADS[-12:])
def test_markdown_payloads_are_neutralised_on_the_page(
    client, target, resident, official, payload
):
    comment = services.comment_create(
        author=resident, target=target, text=payload, justification=payload
    )
    services.comment_create(
        author=resident, target=target, text=payload, parent=comment
    )
    services.official_response_publish(
        official=official,
        comment=comment,
        decision=Decision.REJECTED,
        reasoning=payload,
    )

    client.force_login(resident)
    page = client.get(f"/watek-testowy/{target.pk}/").content.decode()
    tags = parse(page).tags
    assert not [t for t, _ in tags if t in {"img", "svg", "iframe", "style"}]
    assert all(
        a.get("src", "").startswith("/static/") for t, a in tags if t == "script"
    )
    assert not [a for _, a in tags if any(k.startswith("on") for k in a)]
    assert not [
        a
        for _, a in tags
        if a.get("href", "").lower().lstrip().startswith(("javascript", "data", "vb"))
    ]


# --- stored as typed --------------------------------------------------------------
@pytest.mark.django_db
def test_comment_keeps_its_source_beside_the_html(target, resident):
    comment = services.comment_create(
        author=resident,
        target=target,
        text="**Ważne**\r\n- jeden\r\n- dwa",
        justification="Bo *tak*",
        proposed_wording="§ 1. Teren\n2. W okresie od 1 maja",
    )

    comment.refresh_from_db()
    assert comment.source_format == TextFormat.MARKDOWN
    assert comment.text_source == "**Ważne**\n- jeden\n- dwa"
    assert comment.text == (
        "<p><strong>Ważne</strong></p><ul><li>jeden</li><li>dwa</li></ul>"
    )
    assert comment.justification == "<p>Bo <em>tak</em></p>"
    # Legal text: numbering stays as typed, no list.
    assert comment.proposed_wording == "<p>§ 1. Teren<br>2. W okresie od 1 maja</p>"
    assert comment.proposed_wording_source == "§ 1. Teren\n2. W okresie od 1 maja"


@pytest.mark.django_db
def test_proposed_wording_is_plain_text_but_the_comment_may_be_a_list(target, resident):
    typed = "2. W okresie przejściowym…\n3. Przepis stosuje się"
    comment = services.comment_create(
        author=resident, target=target, text=typed, proposed_wording=typed
    )

    assert "<ol" not in comment.proposed_wording
    assert "2. W okresie przejściowym…<br>3. Przepis" in comment.proposed_wording
    assert comment.text.startswith('<ol start="2">')


@pytest.mark.django_db
def test_official_reasoning_is_markdown_and_kept_as_typed(target, resident, official):
    comment = services.comment_create(author=resident, target=target, text="Uwaga")

    response = services.official_response_publish(
        official=official,
        comment=comment,
        decision=Decision.PARTLY,
        reasoning="Uwzględniamy:\n1. *zieleń*\n2. ławki",
    )

    assert response.source_format == TextFormat.MARKDOWN
    assert response.reasoning_source == "Uwzględniamy:\n1. *zieleń*\n2. ławki"
    assert response.reasoning == (
        "<p>Uwzględniamy:</p><ol><li><em>zieleń</em></li><li>ławki</li></ol>"
    )


@pytest.mark.django_db
@pytest.mark.urls("tests.participation.urls")
def test_legacy_comments_keep_showing_as_before(client, target, resident):
    # A row written before Markdown: plain HTML, no source, the default format.
    legacy = make_comment(target, resident, "**nie pogrubione**\n- nie lista")

    page = client.get(f"/watek-testowy/{target.pk}/").content.decode()

    assert legacy.source_format == TextFormat.PLAIN and legacy.text_source == ""
    assert "<p>**nie pogrubione**<br>- nie lista</p>" in article(page, legacy.pk)
    assert legacy.text_as_typed == "**nie pogrubione**\n- nie lista"


@pytest.mark.django_db
@pytest.mark.urls("tests.participation.urls")
def test_edit_form_shows_what_the_author_typed(client, target, resident):
    comment = services.comment_create(
        author=resident,
        target=target,
        text="**Ważne** & <b>",
        justification="- a\n- b",
        proposed_wording="2. W okresie",
    )
    client.force_login(resident)

    form = client.get(f"/udzial/komentarze/{comment.pk}/edytuj/").content.decode()

    assert ">\n**Ważne** &amp; &lt;b&gt;</textarea>" in form
    assert ">\n- a\n- b</textarea>" in form
    assert ">\n2. W okresie</textarea>" in form
    # The toolbar's template and module come with the form page.
    assert "data-markdown-toolbar" in form
    assert form.count("participation/editor.js") == 1


@pytest.mark.django_db
@pytest.mark.urls("tests.participation.urls")
def test_response_form_shows_the_reasoning_as_typed(client, target, resident, official):
    comment = services.comment_create(author=resident, target=target, text="Uwaga")
    services.official_response_publish(
        official=official, comment=comment, decision=Decision.PARTLY, reasoning="*Tak*"
    )
    client.force_login(official)

    form = client.get(
        f"/udzial/komentarze/{comment.pk}/odpowiedz-urzedu/"
    ).content.decode()

    assert ">\n*Tak*</textarea>" in form


@pytest.mark.django_db
def test_export_carries_the_source_and_its_format(target, resident, official):
    comment = services.comment_create(
        author=resident,
        target=target,
        text="**Ważne**\n\n- a",
        justification="*bo*",
        proposed_wording="2. W okresie",
    )
    services.official_response_publish(
        official=official, comment=comment, decision="rejected", reasoning="> cytat"
    )
    legacy = make_comment(target, resident, "Stara\nuwaga")

    exported = {c["id"]: c for c in selectors.comments_for_user_export(resident)}

    new = exported[comment.pk]
    assert new["text"] == "**Ważne**\n\n- a"
    assert new["justification"] == "*bo*"
    assert new["proposed_wording"] == "2. W okresie"
    assert new["format"] == "markdown"
    assert new["official_response"]["reasoning"] == "> cytat"
    assert new["official_response"]["format"] == "markdown"
    assert exported[legacy.pk]["text"] == "Stara\nuwaga"
    assert exported[legacy.pk]["format"] == "plain"


@pytest.mark.django_db
@pytest.mark.urls("tests.participation.urls")
def test_thread_offers_the_editor_once_to_signed_in_readers(client, target, resident):
    services.comment_create(author=resident, target=target, text="*Pierwsza*")
    services.comment_create(author=resident, target=target, text="**Druga**")
    url = f"/watek-testowy/{target.pk}/"

    anonymous = client.get(url).content.decode()
    client.force_login(resident)
    page = client.get(url).content.decode()

    assert "data-markdown-toolbar" not in anonymous
    assert page.count("data-markdown-toolbar") == 1
    assert page.count("participation/editor.js") == 1
    textareas = [a for t, a in parse(page).tags if t == "textarea"]
    marked = {a["name"] for a in textareas if "data-markdown" in a}
    assert marked == {"text", "justification"}
    assert not [
        a for a in textareas if a["name"] == "proposed_wording" and "data-markdown" in a
    ]
    assert "<em>Pierwsza</em>" in page and "<strong>Druga</strong>" in page


# --- the preview ------------------------------------------------------------------
@pytest.mark.django_db
def test_preview_renders_through_the_stored_pipeline(client, resident):
    client.force_login(resident)

    response = client.post(
        PREVIEW_URL, {"text": "**a** [x](javascript:alert(1)) <b>"}, **JSON
    )

    assert response.status_code == 200
    assert response.json() == {
        "html": "<p><strong>a</strong> [x](javascript:alert(1)) &lt;b&gt;</p>"
    }


@pytest.mark.django_db
def test_preview_needs_a_signed_in_person(client):
    response = client.post(PREVIEW_URL, {"text": "**a**"}, **JSON)

    assert response.status_code == 403
    assert "html" not in response.json()


@pytest.mark.django_db
def test_preview_is_post_only(client, resident):
    client.force_login(resident)

    assert client.get(PREVIEW_URL, {"text": "**a**"}).status_code == 405


@pytest.mark.django_db
def test_preview_needs_the_csrf_token(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    # What a page with a form gives the browser: the cookie, and the same
    # secret for the X-CSRFToken header the editor sends.
    token = "k" * 32
    client.cookies["csrftoken"] = token

    refused = client.post(PREVIEW_URL, {"text": "**a**"}, **JSON)
    accepted = client.post(
        PREVIEW_URL, {"text": "**a**"}, HTTP_X_CSRFTOKEN=token, **JSON
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200


@pytest.mark.django_db
def test_preview_is_rate_limited(client, resident, settings):
    settings.COMMENT_PREVIEW_RATE_LIMIT = (2, 60)
    client.force_login(resident)

    codes = [client.post(PREVIEW_URL, {"text": "a"}, **JSON).status_code for _ in "abc"]

    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_preview_refuses_texts_longer_than_a_comment(client, resident):
    client.force_login(resident)

    response = client.post(PREVIEW_URL, {"text": "a" * 5001}, **JSON)

    assert response.status_code == 400
    assert Comment.objects.count() == 0
