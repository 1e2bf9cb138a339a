import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import services
from consultations.models import (
    ConsultationFollow,
    ConsultationPage,
    SubjectKind,
)
from consultations.selectors import consultations_for_index
from participation import services as participation
from participation.models import Comment, CommentStatus, Decision, OfficialResponse
from participation.sanitize import text_to_html
from tests.conftest import DEMO_PASSWORD

from .factories import (
    add_comments,
    consultation_index,
    make_consultation,
    provision,
)
from .test_services import ACT_TEXT_V2

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_page_shows_each_provision_with_its_comment_count(client, resident):
    page = make_consultation()
    drought = provision(page, "§ 2 ust. 2")
    participation.comment_create(
        author=resident, target=page, text="Za rzadko.", anchor=str(drought.key)
    )
    participation.comment_create(author=resident, target=page, text="Ogólnie dobrze.")
    content = html(client.get(page.url))
    for item in page.draft_act.versions.get().provisions.all():
        assert (
            f'<article class="provision level-{item.level}" id="provision-{item.key}"'
            in content
        )
    assert f'<span data-anchor-count="{drought.key}">1</span>' in content
    section_one = provision(page, "§ 1")
    assert f'<span data-anchor-count="{section_one.key}">0</span>' in content
    assert "W okresie suszy podlewa się je co trzy dni." in content
    # Not signed in: "Comment on this provision" leads to signing in first.
    assert f"%3Fprzepis%3D{drought.key}%23comment-form" in content
    assert f'href="?anchor={drought.key}#comments"' in content
    # The thread of participation, with its live subscription to the page's stream.
    assert "data-thread" in content
    assert f'data-live-stream="{page.comment_stream()}"' in content
    assert "Za rzadko." in content and "Ogólnie dobrze." in content


def test_answered_progress_counts_top_level_public_comments(client, resident, official):
    page = make_consultation(department=official.department)
    first, second, third = (
        participation.comment_create(author=resident, target=page, text=text)
        for text in ("Jeden", "Dwa", "Trzy")
    )
    participation.comment_create(
        author=resident, target=page, text="Odpowiedź", parent=first
    )
    participation.official_response_publish(
        official=official, comment=first, decision=Decision.ACCEPTED, reasoning="Tak."
    )
    Comment.objects.filter(pk=third.pk).update(
        status=CommentStatus.HIDDEN, hidden_reason="Spam"
    )
    content = html(client.get(page.url))
    progress = re.search(
        r'<p class="answered-progress" data-answered-progress data-answered="(\d+)" '
        r'data-total="(\d+)">',
        content,
    )
    assert progress.groups() == ("1", "2")
    assert "<span data-answered-count>1</span>" in content


def test_chapter_titles_are_headings(client):
    page = make_consultation(
        act_text=(
            "Projekt uchwały w sprawie programu\n\n"
            "Rozdział 1\nPostanowienia ogólne\n\n"
            "§ 1. Uchwala się program.\n\n"
            "Rozdział 2\nCele programu\n\n"
            "§ 2. Celem programu jest współpraca.\n"
        )
    )

    content = html(client.get(page.url))

    headings = re.findall(r'<h3 class="provision-heading">(.*?)</h3>', content, re.S)
    assert [" ".join(re.sub("<br>", " ", h).split()) for h in headings] == [
        "Rozdział 1. Postanowienia ogólne",
        "Rozdział 2. Cele programu",
    ]


def test_comment_link_preselects_the_provision(client, resident):
    page = make_consultation()
    drought = provision(page, "§ 2 ust. 2")
    client.force_login(resident)
    content = html(client.get(page.url, {"przepis": str(drought.key)}))
    assert re.search(
        rf'<option value="{drought.key}" selected>\s*§ 2 ust\. 2', content
    ), "the provision is not preselected"
    # An unknown key preselects nothing.
    content = html(client.get(page.url, {"przepis": "nie-ma-takiego"}))
    assert " selected>§" not in content


def test_planned_consultation_shows_the_act_but_takes_no_comments(client, resident):
    page = make_consultation(opens_in=timedelta(days=3))
    client.force_login(resident)
    content = html(client.get(page.url))
    assert 'data-status="planned"' in content
    assert "?przepis=" not in content
    assert 'id="comment-form"' not in content
    assert "Zbieranie uwag rozpocznie się" in content


def test_dates_are_shown_in_warsaw_time(client):
    page = make_consultation(
        opens_at=datetime(2026, 1, 15, 7, 0, tzinfo=UTC),
        closes_at=datetime(2030, 7, 1, 20, 30, tzinfo=UTC),
    )
    content = html(client.get(page.url))
    assert "15 stycznia 2026, 08:00" in content  # CET, UTC+1
    assert "1 lipca 2030, 22:30" in content  # CEST, UTC+2


def test_page_without_a_published_version_says_so(client, editor):
    page = make_consultation(publish=False, user=editor)
    content = html(client.get(page.url))
    assert "Tekst projektu nie został jeszcze opublikowany." in content
    assert "provision-" not in content.split('id="draft-act"')[1].split("</section>")[0]


def _two_versions(editor, resident):
    page = make_consultation(user=editor)
    drought = provision(page, "§ 2 ust. 2")
    answered = participation.comment_create(
        author=resident,
        target=page,
        text="Proszę podlewać codziennie.",
        anchor=str(drought.key),
        proposed_wording="W okresie suszy podlewa się je codziennie.",
    )
    unrelated = participation.comment_create(
        author=resident, target=page, text="Dobry projekt.", anchor=""
    )
    v2 = services.draft_act_version_create_from_text(
        act=page.draft_act, text=ACT_TEXT_V2, note="Po uwagach", user=editor
    )
    services.version_publish(version=v2, user=editor)
    later = participation.comment_create(
        author=resident,
        target=page,
        text="Po zmianie nadal za mało.",
        anchor=str(drought.key),
    )
    return ConsultationPage.objects.get(pk=page.pk), answered, unrelated, later


def test_newer_version_shows_changes_and_the_comments_they_answer(
    client, editor, resident
):
    page, answered, unrelated, later = _two_versions(editor, resident)
    content = html(client.get(page.url))
    changes = content.split('id="changes"')[1].split("</section>")[0]
    assert "Zmiany względem wersji 1" in content
    assert (
        '<del><span class="visually-hidden">usunięto: </span>co trzy dni</del>'
        in changes
    )
    assert (
        '<ins><span class="visually-hidden">dodano: </span>codziennie</ins>' in changes
    )
    # The new § 3 is added; the old § 3 is now § 4, unchanged: not listed.
    assert '§ 3 <span class="badge">dodano</span>' in changes
    assert "§ 4" not in changes
    assert f'data-answers-comment="{answered.pk}"' in changes
    assert (
        f'href="?anchor={answered.anchor}&amp;komentarz={answered.pk}'
        f'#comment-{answered.pk}"'
    ) in changes
    assert f'data-answers-comment="{unrelated.pk}"' not in changes
    assert f'data-answers-comment="{later.pk}"' not in changes
    # The comments on § 2 ust. 2 from both versions count for it.
    assert f'<span data-anchor-count="{answered.anchor}">2</span>' in content


def test_changes_list_escapes_comment_text_once(client, editor, resident):
    page, answered, *_ = _two_versions(editor, resident)
    # Stored as participation stores what a person typed: sanitized HTML.
    answered.text = text_to_html("Odstęp 5 < 7 dni to za mało.")
    answered.save(update_fields=["text"])
    content = html(client.get(page.url))
    changes = content.split('id="changes"')[1].split("</section>")[0]
    assert "Odstęp 5 &lt; 7 dni to za mało." in changes
    assert "&amp;lt;" not in changes


def test_version_selector_shows_earlier_versions(client, editor, resident):
    page, *_ = _two_versions(editor, resident)
    current = html(client.get(page.url))
    assert 'href="?wersja=1#draft-act"' in current
    assert "codziennie." in current
    old = html(client.get(page.url, {"wersja": "1"}))
    assert "co trzy dni." in old
    assert "Gmina prowadzi rejestr drzew." not in old
    assert 'id="changes"' not in old
    assert "?przepis=" not in old  # comments go to the current version
    assert "Czytasz wcześniejszą wersję." in old
    # Unknown or unpublished numbers fall back to the current version.
    services.draft_act_version_create(act=page.draft_act, note="", user=editor)
    assert "Gmina prowadzi rejestr drzew." in html(
        client.get(page.url, {"wersja": "3"})
    )
    # Nor does a number no version has, or a digit int() cannot read.
    for bad in ("x", "0", "-1", "9" * 30, "²"):
        assert "Gmina prowadzi rejestr drzew." in html(
            client.get(page.url, {"wersja": bad})
        )


def _many_comments(page, authors, officials, count):
    """``count`` top-level comments spread over every provision, each with a
    reply, a third of them answered, some hidden."""
    keys = [""] + [str(p.key) for p in page.current_provisions()]
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    comments = Comment.objects.bulk_create(
        Comment(
            target_type=content_type,
            target_id=page.pk,
            anchor=keys[i % len(keys)],
            author=authors[i % len(authors)],
            text=f"<p>Uwaga {i}</p>",
            proposed_wording="<p>Nowe brzmienie</p>" if i % 4 == 0 else "",
            status=CommentStatus.HIDDEN if i % 17 == 0 else CommentStatus.VISIBLE,
            hidden_reason="Spam" if i % 17 == 0 else "",
        )
        for i in range(count)
    )
    Comment.objects.bulk_create(
        Comment(
            target_type=content_type,
            target_id=page.pk,
            anchor=c.anchor,
            parent=c,
            author=authors[(i + 1) % len(authors)],
            text="<p>Odpowiedź</p>",
        )
        for i, c in enumerate(comments)
    )
    OfficialResponse.objects.bulk_create(
        OfficialResponse(
            comment=c,
            decision=Decision.PARTLY,
            reasoning="<p>Częściowo.</p>",
            official=officials[0],
            department=officials[0].department,
        )
        for c in comments[::3]
    )


@pytest.mark.parametrize("viewer", ["anonymous", "resident", "official"])
def test_page_query_count_does_not_grow_with_comments(
    client, make_user, official, editor, viewer, django_assert_max_num_queries
):
    page = make_consultation(department=official.department, user=editor)
    v2 = services.draft_act_version_create_from_text(
        act=page.draft_act, text=ACT_TEXT_V2, note="", user=editor
    )
    authors = [make_user(f"autor{i}@example.org") for i in range(5)]
    _many_comments(page, authors, [official], 10)
    services.version_publish(version=v2, user=editor)
    page = ConsultationPage.objects.get(pk=page.pk)
    if viewer == "resident":
        client.force_login(authors[0])
    elif viewer == "official":
        client.force_login(official)

    client.get(page.url)  # warm caches that are not per request (content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page.url).status_code == 200

    # 490 more comments, on a version 1 that the page now compares with.
    page.__dict__.pop("_current_provisions_cache", None)
    _many_comments(page, authors, [official], 490)
    assert Comment.objects.filter(parent=None).count() == 500
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page.url)
    content = html(response)
    assert "<p>Uwaga 489</p>" in content  # the newest batch is all rendered
    assert 'id="changes"' in content


def test_thread_is_paginated_and_provision_counts_stay_totals(client, resident):
    page = make_consultation()
    drought = provision(page, "§ 2 ust. 2")
    add_comments(page, resident, 75, anchor=str(drought.key))

    def articles(content):
        return re.findall(r'<article id="comment-\d+"', content)

    first = html(client.get(page.url))
    assert len(articles(first)) == 30
    assert "<p>Uwaga numer 74</p>" in first  # newest first
    assert "<p>Uwaga numer 44</p>" not in first
    # Counts are over the whole thread, not over the page shown.
    assert f'<span data-anchor-count="{drought.key}">75</span>' in first
    assert "<span data-thread-count>75</span>" in first
    assert 'data-thread-page="1"' in first and 'data-thread-pages="3"' in first
    assert '<nav class="pagination thread-pagination"' in first
    assert 'href="?#comments" aria-current="page"' in first
    assert 'href="?strona=2#comments" rel="next"' in first

    # The host page's own parameter ("wersja") and the thread's filters stay.
    query = f"?wersja=1&anchor={drought.key}&strona=3"
    last = html(client.get(page.url + query))
    assert len(articles(last)) == 15
    assert "<p>Uwaga numer 14</p>" in last and "<p>Uwaga numer 0</p>" in last
    assert 'data-thread-page="3"' in last
    assert f'<span data-anchor-count="{drought.key}">75</span>' in last
    kept = f"?wersja=1&amp;anchor={drought.key}"
    assert f'href="{kept}&amp;strona=3#comments" aria-current="page"' in last
    assert f'href="{kept}&amp;strona=2#comments" rel="prev"' in last
    assert f'href="{kept}#comments"' in last  # page 1 needs no number

    # Nonsense and numbers past the end fall back to the first / last page.
    nonsense = html(client.get(page.url + "?strona=zzz"))
    assert len(articles(nonsense)) == 30 and 'data-thread-page="1"' in nonsense
    past_end = html(client.get(page.url + "?strona=999"))
    assert len(articles(past_end)) == 15 and 'data-thread-page="3"' in past_end


def test_index_lists_consultations_with_status_and_comment_count(client, resident):
    page = make_consultation("Otwarta")
    visible = add_comments(page, resident, 3)
    hidden = add_comments(page, resident, 1)[0]
    Comment.objects.filter(pk=hidden.pk).update(
        status=CommentStatus.HIDDEN, hidden_reason="Spam"
    )
    participation.comment_create(
        author=resident,
        target=page,
        text="Odpowiedź",
        parent=visible[0],
    )
    make_consultation("Planowana", opens_in=timedelta(days=2))
    index = consultation_index()
    content = html(client.get(index.url))
    assert "Liczba konsultacji: 2" in content
    assert f'<dd data-comment-count="{page.pk}">3</dd>' in content
    assert 'data-status="open"' in content and 'data-status="planned"' in content


def test_index_filters(client, department, other_department):
    open_programme = make_consultation(
        "Program współpracy",
        subject_kind=SubjectKind.COOPERATION_PROGRAMME,
        department=department,
    )
    planned_resolution = make_consultation(
        "Uchwała planowana",
        opens_in=timedelta(days=5),
        department=other_department,
    )
    closed_strategy = make_consultation(
        "Strategia",
        subject_kind=SubjectKind.STRATEGY,
        opens_in=timedelta(days=-20),
        closes_in=timedelta(days=-1),
    )
    reported = make_consultation(
        "Z raportem",
        opens_in=timedelta(days=-40),
        closes_in=timedelta(days=-30),
        report_published_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    url = consultation_index().url

    def titles(**params):
        content = html(client.get(url, params))
        return {
            p.title
            for p in (open_programme, planned_resolution, closed_strategy, reported)
            if f">{p.title}</a>" in content
        }

    everything = {"Program współpracy", "Uchwała planowana", "Strategia", "Z raportem"}
    assert titles() == everything
    assert titles(status="open") == {"Program współpracy"}
    assert titles(status="planned") == {"Uchwała planowana"}
    assert titles(status="closed") == {"Strategia"}
    assert titles(status="report") == {"Z raportem"}
    assert titles(kind="strategy") == {"Strategia"}
    assert titles(department=str(other_department.pk)) == {"Uchwała planowana"}
    assert titles(status="open", department=str(other_department.pk)) == set()
    # Unknown values are ignored rather than failing, even numbers no database
    # column holds and digits int() does not read.
    assert titles(status="nonsense", kind="x", topic="x", department="abc") == (
        everything
    )
    assert titles(department="9" * 30) == everything
    assert titles(department="²") == everything
    assert "Żadne konsultacje nie pasują do tych filtrów." in html(
        client.get(url, {"status": "open", "department": str(other_department.pk)})
    )


def test_index_filters_by_topic_and_lists_only_topics_in_use(client):
    budget = make_consultation("Budżet obywatelski")
    budget.tags.add("budżet", "inwestycje")
    budget.save()
    square = make_consultation("Nazwa skweru")
    square.tags.add("nazwy ulic")
    square.save()
    draft = make_consultation("Szkic", publish=False)
    draft.tags.add("ukryty temat")
    draft.save()
    draft.unpublish()
    url = consultation_index().url

    content = html(client.get(url))
    topics = content.split('id="filter-topic"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"', topics) == [
        "",
        "budżet",
        "inwestycje",
        "nazwy-ulic",
    ]
    filtered = html(client.get(url, {"topic": "budżet"}))
    assert ">Budżet obywatelski</a>" in filtered
    assert ">Nazwa skweru</a>" not in filtered
    assert "Liczba konsultacji: 1" in filtered
    # A topic no consultation has is ignored.
    assert ">Nazwa skweru</a>" in html(client.get(url, {"topic": "ukryty-temat"}))


def test_index_comment_counts_come_with_the_consultations_query(
    resident, django_assert_num_queries
):
    pages = [make_consultation(f"K{i}") for i in range(6)]
    for i, page in enumerate(pages):
        add_comments(page, resident, i * 2)
    ContentType.objects.get_for_model(ConsultationPage)  # cached per process
    # One query for the consultations with their counts, plus the one Wagtail's
    # public() makes to read the view restrictions.
    with django_assert_num_queries(2):
        counts = {p.pk: p.comment_count for p in consultations_for_index()}
    assert counts == {p.pk: i * 2 for i, p in enumerate(pages)}


def test_home_page_lists_open_consultations(client):
    open_one = make_consultation("Otwarta konsultacja")
    make_consultation("Przyszła konsultacja", opens_in=timedelta(days=4))
    content = html(client.get("/"))
    section = content.split('id="home-open_consultations-title"')[1].split(
        "</section>"
    )[0]
    assert open_one.title in section
    assert "Przyszła konsultacja" not in section


def test_follow_and_unfollow(client, resident):
    page = make_consultation()
    follow_url = f"/konsultacje/{page.pk}/obserwuj/"
    unfollow_url = f"/konsultacje/{page.pk}/nie-obserwuj/"

    response = client.post(follow_url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert not ConsultationFollow.objects.exists()

    client.force_login(resident)
    assert client.get(follow_url).status_code == 405
    response = client.post(follow_url, follow=True)
    assert response.redirect_chain[-1][0] == page.url
    assert ConsultationFollow.objects.filter(user=resident, consultation=page).exists()
    assert "Przestań obserwować" in response.content.decode()

    response = client.post(unfollow_url, follow=True)
    assert not ConsultationFollow.objects.exists()
    assert "Obserwuj te konsultacje" in response.content.decode()


def test_cannot_follow_an_unpublished_consultation(client, resident):
    page = make_consultation()
    page.unpublish()
    client.force_login(resident)
    assert client.post(f"/konsultacje/{page.pk}/obserwuj/").status_code == 404


def test_following_a_number_no_page_has_is_404(client, resident):
    make_consultation()
    client.force_login(resident)
    huge = "9" * 25  # bigger than the page id column
    assert client.post(f"/konsultacje/{huge}/obserwuj/").status_code == 404
    assert client.post(f"/konsultacje/{huge}/nie-obserwuj/").status_code == 404


def test_english_interface(client):
    page = make_consultation()
    content = html(client.get(f"/en{page.url}"))
    assert '<html lang="en">' in content
    assert "Wykonanie uchwały powierza się Wójtowi Gminy." in content
    assert "Comments on this provision" in content


def test_polish_content_on_english_pages_is_marked_lang_pl(client, resident):
    page = make_consultation()
    url = page.url  # before a request under /en/ leaves English active
    participation.comment_create(
        author=resident,
        target=page,
        text="Za rzadko.",
        proposed_wording="Co dwa dni.",
        justification="Susza.",
    )

    def lang_of(content):
        """The lang of each element carrying Polish content, by its class."""
        found = {}
        for tag, attrs in re.findall(r"<(h1|h2|h3|div|blockquote)([^>]*)>", content):
            if tag == "h1":
                key = "h1"
            elif 'id="act-title"' in attrs:
                key = "act-title"
            elif match := re.search(r'class="([^"]+)"', attrs):
                key = match.group(1)
            else:
                continue
            found.setdefault(key, re.search(r'lang="([^"]+)"', attrs))
        return {key: m.group(1) if m else None for key, m in found.items()}

    english = lang_of(html(client.get(f"/en{url}")))
    polish = lang_of(html(client.get(url)))

    for key in ("h1", "act-title", "provision-label", "provision-text", "comment-text"):
        assert english[key] == "pl", key
        assert polish[key] is None, key
    content = html(client.get(f"/en{url}"))
    assert '<blockquote lang="pl"><p>Co dwa dni.</p></blockquote>' in content
    assert '<div lang="pl"><p>Susza.</p></div>' in content


def test_page_lists_attachments_related_events_and_contact(client, department):
    from django.core.files.base import ContentFile

    from cms.models import PublicDocument
    from consultations.models import ConsultationAttachment, ConsultationRelatedEvent

    page = make_consultation(
        department=department,
        contact_name="Jan Kowalski",
        contact_email="jan.kowalski@example.org",
        contact_phone="12 345 67 89",
        legal_basis="art. 5a ust. 1 ustawy o działalności pożytku publicznego",
    )
    document = PublicDocument.objects.create(
        title="Mapa skweru", file=ContentFile(b"%PDF-1.4", name="mapa.pdf")
    )
    ConsultationAttachment.objects.create(page=page, document=document, sort_order=0)
    ConsultationRelatedEvent.objects.create(
        page=page,
        title="Spotkanie konsultacyjne",
        url="https://example.org/spotkanie",
        starts_at=datetime(2030, 5, 12, 15, 0, tzinfo=UTC),
        sort_order=0,
    )
    page.tags.add("zieleń")
    page.save()
    content = html(client.get(page.url))
    assert f'href="{document.url}">Mapa skweru</a>' in content
    assert (
        '<a href="https://example.org/spotkanie">Spotkanie konsultacyjne</a>' in content
    )
    assert "12 maja 2030, 17:00" in content
    assert department.name in content
    assert 'href="mailto:jan.kowalski@example.org"' in content
    assert 'href="tel:123456789"' in content
    assert "art. 5a ust. 1 ustawy o działalności pożytku publicznego" in content
    assert "zieleń" in content
    assert "Wszyscy" in content  # the audience


def test_preview_of_a_page_not_saved_yet(rf, editor):
    consultation_index()
    page = ConsultationPage(
        title="Nowe konsultacje",
        slug="nowe",
        opens_at=datetime(2030, 1, 1, tzinfo=UTC),
        closes_at=datetime(2030, 2, 1, tzinfo=UTC),
    )
    request = rf.get("/")
    request.user = editor
    response = page.serve_preview(request, page.default_preview_mode)
    content = response.render().content.decode()
    assert "Nowe konsultacje" in content
    assert "Tekst projektu nie został jeszcze opublikowany." in content


def test_follow_toggles_past_the_limit_are_429_and_change_nothing(
    client, resident, neighbour, write_limit
):
    write_limit("follow", 2)
    page = make_consultation()
    follow_url = f"/konsultacje/{page.pk}/obserwuj/"
    unfollow_url = f"/konsultacje/{page.pk}/nie-obserwuj/"
    client.force_login(resident)
    client.post(follow_url)
    client.post(unfollow_url)

    response = client.post(follow_url, HTTP_REFERER=f"http://testserver{page.url}")

    assert response.status_code == 429
    content = response.content.decode()
    assert "Robisz to zbyt często. Odczekaj minutę i spróbuj ponownie." in content
    assert f'href="http://testserver{page.url}"' in content
    assert client.post(unfollow_url).status_code == 429
    assert not ConsultationFollow.objects.exists()
    client.force_login(neighbour)
    client.post(follow_url)
    assert ConsultationFollow.objects.filter(user=neighbour).exists()


def _toc(content: str) -> str:
    return content.split("data-act-toc>")[1].split("</nav>")[0]


def test_table_of_contents_links_each_paragraph_with_its_comment_total(
    client, resident
):
    page = make_consultation()
    whole, drought = provision(page, "§ 2"), provision(page, "§ 2 ust. 2")
    for anchor in (whole, drought, drought):
        participation.comment_create(
            author=resident, target=page, text="Uwaga.", anchor=str(anchor.key)
        )
    toc = _toc(html(client.get(page.url)))
    entries = re.findall(r'data-toc-anchor="([^"]+)"', toc)
    # Top-level units only, in order; their ustępy are counted in.
    assert entries == [
        str(provision(page, label).key) for label in ("Preambuła", "§ 1", "§ 2", "§ 3")
    ]
    entry = toc.split(f'data-toc-anchor="{whole.key}"')[1].split("</li>")[0]
    assert f'href="#provision-{whole.key}"' in entry
    assert "(3 uwagi)" in entry
    first = toc.split(f'data-toc-anchor="{provision(page, "§ 1").key}"')[1]
    assert "(0 uwag)" in first.split("</li>")[0]
    # The live counts stay on the provisions: one element per anchor.
    assert "data-anchor-count" not in toc


def test_table_of_contents_shows_chapter_headings(client):
    page = make_consultation(
        act_text="Rozdział 1\nPostanowienia ogólne\n\n§ 1. Jeden.\n\n§ 2. Dwa.\n"
    )
    toc = _toc(html(client.get(page.url)))
    heading = '<span class="toc-heading">Rozdział 1. Postanowienia ogólne</span>'
    assert f"{heading} § 1" in toc


def test_skip_link_to_the_comment_form_only_when_there_is_one(client, resident):
    page = make_consultation()
    anonymous = html(client.get(page.url))
    assert "Przejdź do formularza uwag" not in anonymous
    client.force_login(resident)
    content = html(client.get(page.url))
    assert '<a href="#comment-form">Przejdź do formularza uwag</a>' in content
    assert 'id="comment-form"' in content


def _comment_link(content: str, key) -> str:
    [href] = re.findall(
        rf'id="provision-{key}".*?<a href="([^"]*)" class="provision-comment-link"',
        content,
        flags=re.S,
    )
    return href.replace("&amp;", "&")


def test_anonymous_comment_link_signs_in_and_comes_back_to_the_provision(
    client, resident
):
    page = make_consultation()
    drought = provision(page, "§ 2 ust. 2")
    link = _comment_link(html(client.get(page.url)), drought.key)
    wanted = f"{page.url}?przepis={drought.key}#comment-form"
    assert link == f"/konto/login/?next={quote(wanted, safe='/')}"

    sign_in = client.get(link)
    assert sign_in.status_code == 200
    signed_in = client.post(
        link, {"login": resident.email, "password": DEMO_PASSWORD, "next": wanted}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == wanted  # the anchor survives the sign-in
    content = html(client.get(wanted.split("#")[0]))
    assert re.search(rf'<option value="{drought.key}" selected>', content)
    # Signed in, the same link goes straight to the form.
    assert _comment_link(content, drought.key) == (
        f"?przepis={drought.key}#comment-form"
    )


def test_sign_in_refuses_to_send_readers_off_the_site(client, resident):
    make_consultation()
    response = client.post(
        "/konto/login/",
        {
            "login": resident.email,
            "password": DEMO_PASSWORD,
            "next": "https://evil.example/#comment-form",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signed_in_reader_who_may_not_comment_is_pointed_to_the_reason(
    client, make_user
):
    page = make_consultation()
    drought = provision(page, "§ 2 ust. 2")
    client.force_login(make_user("niepotwierdzony@example.org", verified=False))
    content = html(client.get(page.url))
    assert _comment_link(content, drought.key) == "#comment-denied"
    assert 'id="comment-denied"' in content


def test_a_link_to_one_comment_opens_the_page_of_the_thread_holding_it(
    client, resident, neighbour, django_assert_max_num_queries
):
    # Search results, e-mails and the moderation queue link to a comment by its
    # id: newer comments push it to later pages, so the page is found when the
    # link is followed.
    page = make_consultation()
    drought = provision(page, "§ 2 ust. 2")
    comments = add_comments(page, resident, 75, anchor=str(drought.key))
    old = comments[10]  # newest first: the 65th, on page 3
    reply = participation.comment_create(
        author=neighbour, target=page, parent=comments[40], text="Odpowiedź"
    )

    shown = html(client.get(f"{page.url}?komentarz={old.pk}"))
    assert 'data-thread-page="3"' in shown
    assert f'<article id="comment-{old.pk}"' in shown
    # Within a filter, the filtered thread's page; a reply opens its parent's.
    within = html(client.get(f"{page.url}?anchor={drought.key}&komentarz={reply.pk}"))
    assert 'data-thread-page="2"' in within and f'id="comment-{reply.pk}"' in within
    # A page asked for wins; nonsense and other threads' comments change nothing.
    asked = html(client.get(f"{page.url}?komentarz={old.pk}&strona=1"))
    assert 'data-thread-page="1"' in asked
    for nonsense in ("zzz", "-1", "9" * 30, str(old.pk + 10_000)):
        shown = html(client.get(f"{page.url}?komentarz={nonsense}"))
        assert 'data-thread-page="1"' in shown

    first = CaptureQueriesContext(connection)
    with first:
        client.get(page.url)
    with django_assert_max_num_queries(len(first.captured_queries) + 2):
        client.get(f"{page.url}?komentarz={old.pk}")
