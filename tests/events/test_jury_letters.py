"""The invitation letters' print run as an organiser lives it: "print the
letters" queues a background task, a progress page follows it (refreshing
itself without scripts), the finished file (one PDF, or a ZIP of numbered
PDFs for a large run) is downloaded from private storage by organisers only,
with the codes stored for each address; printing again replaces the file."""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events import jury_letters, services
from events.models import JuryInvitation, JuryLetterRun, LetterRunStatus
from events.services.jury_letters import letters_storage

from .jury_factories import make_addresses, make_jury

pytestmark = pytest.mark.django_db


def url(name, jury):
    return reverse(f"events:{name}", args=[jury.event_id])


@pytest.fixture
def jury(facilitator):
    jury = make_jury(facilitators=[facilitator])
    make_addresses(jury, 8)
    services.jury_invitations_sample(jury=jury, user=facilitator, size=5)
    return jury


def _codes(jury):
    return list(jury.invitations.order_by("number").values_list("code", flat=True))


def _pdf_pages(body: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


def _code_shown(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _print(client, jury, captured, *, execute=True):
    with captured(execute=execute) as callbacks:
        response = client.post(url("jury_letters", jury))
    return response, callbacks


def _download(client, jury) -> bytes:
    response = client.get(url("jury_letters_file", jury))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


def test_print_queues_a_task_and_the_page_follows_it_to_the_pdf(
    client, jury, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    organise = client.get(url("jury_organise", jury)).content.decode()
    assert "Listy nie zostały jeszcze wydrukowane." in organise
    response, callbacks = _print(
        client, jury, django_capture_on_commit_callbacks, execute=False
    )
    # The request only queued the task: nothing is printed yet.
    assert response.status_code == 302
    assert response["Location"] == url("jury_letters", jury)
    run = JuryLetterRun.objects.get(jury=jury)
    assert run.status == LetterRunStatus.QUEUED and run.letters_total == 5
    assert len(callbacks) == 1
    page = client.get(url("jury_letters", jury)).content.decode()
    assert '<progress id="jury-letters-bar"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "Czekamy, aż zacznie się drukowanie" in page
    assert client.get(url("jury_letters_state", jury)).json()["status"] == "queued"
    # Printing again while this run waits is refused.
    assert client.post(url("jury_letters", jury)).status_code == 400

    callbacks[0]()  # the worker takes the task
    run.refresh_from_db()
    assert run.status == LetterRunStatus.DONE and run.letters_done == 5
    state = client.get(url("jury_letters_state", jury)).json()
    assert state["status"] == "done" and state["progress"] == 1
    page = client.get(url("jury_letters", jury)).content.decode()
    assert "http-equiv" not in page
    assert "Listy są gotowe" in page
    assert "Pobierz PDF" in page
    pages = _pdf_pages(_download(client, jury))
    assert len(pages) == 5
    # The codes on the letters are the ones stored, in the letters' order.
    for text, invitation in zip(
        pages,
        jury.invitations.select_related("address").order_by("number"),
        strict=True,
    ):
        assert _code_shown(invitation.code) in text
        assert invitation.address.street in text
        assert "Jak zazielenić centrum Gminy Przykładowo?" in text
        apply_path = reverse("events:jury_apply", args=[jury.event_id])
        assert apply_path in text.replace("\n", "")


def test_a_large_run_is_a_zip_of_pdfs_named_by_letter_numbers(
    client, jury, facilitator, settings, django_capture_on_commit_callbacks
):
    settings.JURY_LETTERS_PER_PDF = 2
    client.force_login(facilitator)
    _print(client, jury, django_capture_on_commit_callbacks)
    run = JuryLetterRun.objects.get(jury=jury)
    assert run.status == LetterRunStatus.DONE and run.files_count == 3
    page = client.get(url("jury_letters", jury)).content.decode()
    assert "Pobierz ZIP" in page
    archive = zipfile.ZipFile(io.BytesIO(_download(client, jury)))
    assert archive.namelist() == [
        "listy-00001-00002.pdf",
        "listy-00003-00004.pdf",
        "listy-00005-00005.pdf",
    ]
    texts = [t for name in archive.namelist() for t in _pdf_pages(archive.read(name))]
    codes = _codes(jury)
    assert len(texts) == len(codes) == 5
    assert all(_code_shown(c) in t for c, t in zip(codes, texts, strict=True))


def test_the_task_reports_progress_as_it_prints(
    client, jury, facilitator, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jury_letters, "PROGRESS_EVERY", 1)
    client.force_login(facilitator)
    _response, callbacks = _print(
        client, jury, django_capture_on_commit_callbacks, execute=False
    )
    with CaptureQueriesContext(connection) as queries:
        callbacks[0]()
    written = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "events_juryletterrun" SET "letters_done"')
    ]
    # One write a letter, so the bar moves, plus the batch's end.
    assert len(written) >= 5


def test_printing_again_replaces_the_file_and_keeps_the_codes(
    client, jury, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    _print(client, jury, django_capture_on_commit_callbacks)
    first = JuryLetterRun.objects.get(jury=jury)
    first_body = _download(client, jury)
    storage = letters_storage()
    assert storage.exists(first.file_name)
    page = client.get(url("jury_letters", jury)).content.decode()
    assert "Nowy plik zastąpi ten powyżej." in page

    _print(client, jury, django_capture_on_commit_callbacks)
    second = JuryLetterRun.objects.get(jury=jury)
    assert second.generation == first.generation + 1
    assert second.file_name != first.file_name
    assert not storage.exists(first.file_name)
    assert storage.exists(second.file_name)
    again = _pdf_pages(_download(client, jury))
    assert [t.split("Twój kod osobisty:")[1][:12] for t in again] == [
        t.split("Twój kod osobisty:")[1][:12] for t in _pdf_pages(first_body)
    ]


def test_a_run_replaced_while_queued_leaves_its_successor_alone(
    client, jury, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    _response, stale = _print(
        client, jury, django_capture_on_commit_callbacks, execute=False
    )
    # The worker died with the task; a quarter of an hour later the organiser
    # may ask again.
    JuryLetterRun.objects.filter(jury=jury).update(
        updated_at=timezone.now() - timedelta(minutes=20)
    )
    page = client.get(url("jury_letters", jury)).content.decode()
    assert "Ten wydruk nie posunął się od kwadransa" in page
    assert "Wydrukuj wszystkie listy ponownie" in page
    _response, fresh = _print(
        client, jury, django_capture_on_commit_callbacks, execute=False
    )
    run = JuryLetterRun.objects.get(jury=jury)
    assert run.generation == 2
    stale[0]()  # the old task turns up after all: it prints nothing
    run.refresh_from_db()
    assert run.status == LetterRunStatus.QUEUED and not run.file_name
    fresh[0]()
    run.refresh_from_db()
    assert run.status == LetterRunStatus.DONE


def test_a_failed_run_says_so_and_offers_to_try_again(
    client, jury, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    _response, callbacks = _print(
        client, jury, django_capture_on_commit_callbacks, execute=False
    )
    # The letters disappear before the worker gets to them.
    JuryInvitation.objects.filter(jury=jury).delete()
    callbacks[0]()
    run = JuryLetterRun.objects.get(jury=jury)
    assert run.status == LetterRunStatus.FAILED
    page = client.get(url("jury_letters", jury)).content.decode()
    assert '<div class="callout jury-failure" role="alert">' in page
    assert "Nie udało się wydrukować listów." in page
    assert "Nie ma listów do wydrukowania." in page
    assert "http-equiv" not in page
    assert client.get(url("jury_letters_file", jury)).status_code == 404
    assert client.get(url("jury_letters_state", jury)).json()["status"] == "failed"


def test_nothing_to_print_before_the_letters_are_drawn(client, facilitator):
    jury = make_jury(facilitators=[facilitator])
    client.force_login(facilitator)
    response = client.post(url("jury_letters", jury))
    assert response.status_code == 400
    assert "Najpierw wylosuj listy" in response.content.decode()
    assert not JuryLetterRun.objects.exists()


@pytest.mark.parametrize("who", ["resident", "anonymous"])
def test_only_organisers_reach_the_print_run(
    client, jury, facilitator, resident, who, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    _print(client, jury, django_capture_on_commit_callbacks)
    client.logout()
    if who == "resident":
        client.force_login(resident)
    for name in ("jury_letters", "jury_letters_state", "jury_letters_file"):
        assert client.get(url(name, jury)).status_code == 403, name
    assert client.post(url("jury_letters", jury)).status_code == 403
    assert JuryLetterRun.objects.get(jury=jury).generation == 1


def test_the_file_is_outside_the_public_media(
    client, jury, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    _print(client, jury, django_capture_on_commit_callbacks)
    run = JuryLetterRun.objects.get(jury=jury)
    path = Path(letters_storage().path(run.file_name)).resolve()
    media = Path(django_settings.MEDIA_ROOT).resolve()
    assert path.is_file()
    assert media not in path.parents
    assert client.get(f"/media/{run.file_name}").status_code == 404


def test_erasing_the_applicants_data_deletes_the_letters_file(
    client, jury, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    _print(client, jury, django_capture_on_commit_callbacks)
    name = JuryLetterRun.objects.get(jury=jury).file_name
    event = jury.event
    event.starts_at = timezone.now() - timedelta(days=60)
    event.ends_at = timezone.now() - timedelta(days=59)
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.jury_personal_data_erase() == 1
    assert not JuryLetterRun.objects.exists()
    assert not letters_storage().exists(name)


def test_the_letters_page_reads_the_same_for_5_letters_or_105(
    client, facilitator, django_capture_on_commit_callbacks
):
    def queries_for(jury) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("jury_letters", jury)).status_code == 200
        return len(queries.captured_queries)

    client.force_login(facilitator)
    small, large = (make_jury(facilitators=[facilitator]) for _ in range(2))
    for jury, count in ((small, 5), (large, 105)):
        make_addresses(jury, count)
        services.jury_invitations_sample(jury=jury, user=facilitator, size=count)
        _print(client, jury, django_capture_on_commit_callbacks)
        queries_for(jury)  # shows (and so spends) the "printing" message
    assert queries_for(large) == queries_for(small)
