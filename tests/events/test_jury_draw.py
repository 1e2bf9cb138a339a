"""The jury's draw as organisers run it and the public checks it: the
commitment before applications close, the public draw in a background task,
the protocol on the public page and its files (which ``jury_verify``
accepts), each applicant's probability, infeasible quotas, replacements."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import (
    ApplicationStatus,
    DrawStatus,
    JuryApplication,
    JuryReplacement,
    JurySeat,
    SeatRole,
)
from events.sortition import verify

from .jury_factories import make_application, make_jury

pytestmark = pytest.mark.django_db

SECRET = "zielony dąb nad stawem 1984"
PUBLIC_VALUE = "17 4 42 8"
AGES = ["18–39", "40–64", "65+"]
GENDERS = ["kobieta", "mężczyzna"]


def url(name, jury, *args):
    return reverse(f"events:{name}", args=[jury.event_id, *args])


def _pool(jury, make_user, count=18):
    people = []
    for n in range(count):
        user = make_user(f"p{n}@example.org", display_name=f"Osoba Testowa {n}")
        people.append(
            make_application(
                jury,
                user,
                number=f"{100 + n}",
                address=f"ul. Wierzbowa {n}",
                phone=f"600 000 {n:03d}",
                answers={"Płeć": GENDERS[n % 2], "Wiek": AGES[n % 3]},
            )
        )
    return people


def _close_applications(jury):
    jury.applications_open_at = timezone.now() - timedelta(days=10)
    jury.applications_close_at = timezone.now() - timedelta(minutes=5)
    jury.save()


@pytest.fixture
def jury(facilitator):
    jury = make_jury(facilitators=[facilitator], panel_size=6, reserve_size=2)
    services.jury_quotas_derive(jury=jury, user=facilitator)
    return jury


def _draw(client, jury, captured, secret=SECRET):
    with captured(execute=True):
        return client.post(
            url("jury_draw", jury), {"secret": secret, "public_value": PUBLIC_VALUE}
        )


def test_commitment_only_before_applications_close(client, jury, facilitator):
    client.force_login(facilitator)
    response = client.post(url("jury_commit", jury), {"secret": SECRET})
    assert response.status_code == 302
    expected = hashlib.sha256(SECRET.encode()).hexdigest()
    assert jury.draw.commitment == expected
    assert not jury.draw.secret  # the secret itself is not kept
    page = client.get(jury.event.url).content.decode()
    assert expected in page
    _close_applications(jury)
    response = client.post(url("jury_commit", jury), {"commitment": "a" * 64})
    assert response.status_code == 400
    assert "zobowiązanie trzeba było opublikować wcześniej" in response.content.decode()


def test_a_published_commitment_cannot_be_replaced(client, jury, facilitator):
    services.jury_draw_commit(jury=jury, user=facilitator, secret=SECRET)
    expected = hashlib.sha256(SECRET.encode()).hexdigest()
    client.force_login(facilitator)
    page = client.get(url("jury_organise", jury)).content.decode()
    # No form offers it any more…
    assert url("jury_commit", jury) not in page
    # …and the service refuses a post made anyway, applications still open.
    for data in ({"secret": "inny sekret"}, {"commitment": "b" * 64}):
        response = client.post(url("jury_commit", jury), data)
        assert response.status_code == 400
        assert "nie można go zastąpić" in response.content.decode()
    with pytest.raises(ValidationError, match="nie można go zastąpić"):
        services.jury_draw_commit(jury=jury, user=facilitator, commitment="c" * 64)
    jury.draw.refresh_from_db()
    assert jury.draw.commitment == expected


def test_the_revealed_secret_matches_the_commitment_of_the_same_phrase(
    jury, facilitator, make_user
):
    # Whitespace around the phrase, as typed at the meeting, does not count.
    _pool(jury, make_user, 8)
    services.jury_draw_commit(jury=jury, user=facilitator, secret=f" {SECRET} ")
    _close_applications(jury)
    draw = services.jury_draw_start(
        jury=jury, user=facilitator, secret=SECRET, public_value=PUBLIC_VALUE
    )
    assert draw.status == DrawStatus.QUEUED


def test_the_draw_refuses_a_secret_that_does_not_match(
    client, jury, facilitator, make_user, django_capture_on_commit_callbacks
):
    _pool(jury, make_user, 8)
    services.jury_draw_commit(jury=jury, user=facilitator, secret=SECRET)
    client.force_login(facilitator)
    response = client.post(
        url("jury_draw", jury), {"secret": SECRET, "public_value": PUBLIC_VALUE}
    )
    assert "Zgłoszenia są jeszcze otwarte" in response.content.decode()
    _close_applications(jury)
    response = _draw(client, jury, django_capture_on_commit_callbacks, secret="zgaduję")
    assert response.status_code == 400
    assert "nie zgadza się z opublikowanym zobowiązaniem" in response.content.decode()
    jury.draw.refresh_from_db()
    assert jury.draw.status == DrawStatus.COMMITTED


def test_public_draw_publishes_a_verifiable_protocol(
    client, jury, facilitator, resident, make_user, django_capture_on_commit_callbacks
):
    people = _pool(jury, make_user)
    services.jury_draw_commit(jury=jury, user=facilitator, secret=SECRET)
    _close_applications(jury)
    client.force_login(facilitator)
    response = _draw(client, jury, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    draw = jury.draw
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DONE, draw.message
    assert draw.progress == 1
    state = client.get(url("jury_draw_state", jury)).json()
    assert state["status"] == "done"

    seats = JurySeat.objects.filter(jury=jury)
    panel = [s for s in seats if s.role == SeatRole.PANEL]
    reserve = sorted(
        (s for s in seats if s.role == SeatRole.RESERVE), key=lambda s: s.reserve_rank
    )
    assert (len(panel), len(reserve)) == (6, 2)
    women = sum(
        1
        for s in panel
        if s.application.answers.get(stratum__name="Płeć").value.name == "kobieta"
    )
    assert 3 <= women <= 4  # the derived quota of 52 % of 6
    selected = JuryApplication.objects.filter(status=ApplicationStatus.SELECTED)
    assert selected.count() == 6
    assert all(a.probability is not None for a in JuryApplication.objects.all())

    # The public page: seed, secret, numbers, probabilities, files; no names.
    client.logout()
    page = client.get(jury.event.url).content.decode()
    assert draw.seed in page and SECRET in page and PUBLIC_VALUE in page
    for seat in panel:
        assert seat.application.number in page
    for person in people:
        assert person.full_name not in page
        assert person.email not in page
        assert person.address not in page
        assert person.phone not in page
    assert 'role="img"' in page  # the charts
    files = {}
    for name in ("pool.csv", "quotas.csv", "settings.json", "result.json"):
        response = client.get(url("jury_file", jury, name))
        assert response.status_code == 200
        files[name] = response.content
        text = response.content.decode()
        for person in people:
            assert person.full_name not in text and person.address not in text
    settings_json = json.loads(files["settings.json"])
    assert settings_json["reveal"]["secret"] == SECRET
    assert settings_json["seed"] == draw.seed

    # Anyone re-runs it from the files and gets the same panel.
    report = verify(files)
    assert report.ok, report.problems
    folder = io.BytesIO()
    with zipfile.ZipFile(folder, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)

    # Each applicant sees their own probability in "Moje wydarzenia".
    someone = people[0]
    client.force_login(someone.user)
    mine = client.get(reverse("my_events")).content.decode()
    someone.refresh_from_db()
    probability = f"{someone.probability:.3f}".replace(".", ",")
    assert probability in mine

    # A juror leaves: the reserve takes the seat, logged in public.
    client.force_login(facilitator)
    leaving = panel[0].application
    response = client.post(url("jury_replace", jury), {"number": leaving.number})
    assert response.status_code == 302
    replacement = JuryReplacement.objects.get()
    assert replacement.dropped_number == leaving.number
    assert replacement.replacement_number in {s.application.number for s in reserve}
    leaving.refresh_from_db()
    assert leaving.status == ApplicationStatus.DROPPED
    assert JurySeat.objects.filter(jury=jury, role=SeatRole.PANEL).count() == 6
    client.logout()
    page = client.get(jury.event.url).content.decode()
    assert replacement.replacement_number in page
    # The same juror cannot leave twice.
    client.force_login(facilitator)
    response = client.post(url("jury_replace", jury), {"number": leaving.number})
    assert response.status_code == 400


def test_infeasible_quotas_give_the_message_and_the_relaxation(
    client, jury, facilitator, make_user, django_capture_on_commit_callbacks
):
    _pool(jury, make_user, 10)
    # Everyone over 65 on the panel, but only three such applicants.
    old = jury.strata.get(name="Wiek").values.get(name="65+")
    services.jury_quotas_update(jury=jury, user=facilitator, quotas={old.pk: (6, 6)})
    services.jury_draw_commit(jury=jury, user=facilitator, secret=SECRET)
    _close_applications(jury)
    client.force_login(facilitator)
    assert _draw(client, jury, django_capture_on_commit_callbacks).status_code == 302
    jury.draw.refresh_from_db()
    assert jury.draw.status == DrawStatus.FAILED
    page = client.get(url("jury_organise", jury))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Losowanie nie mogło spełnić kwot." in html
    assert jury.draw.message in html
    assert not JurySeat.objects.exists()
    # Quotas can change again, and the draw can be started again, with the
    # seed announced at the public draw (not a new throw of the dice).
    services.jury_quotas_update(jury=jury, user=facilitator, quotas={old.pk: (1, 3)})
    response = client.post(
        url("jury_draw", jury), {"secret": SECRET, "public_value": "1 2 3"}
    )
    assert response.status_code == 400
    assert f"Wpisz wartość publiczną pierwszej próby: {PUBLIC_VALUE}." in (
        response.content.decode()
    )
    assert _draw(client, jury, django_capture_on_commit_callbacks).status_code == 302
    jury.draw.refresh_from_db()
    assert jury.draw.status == DrawStatus.DONE
    assert jury.draw.attempts == 2


def test_jury_verify_checks_the_downloaded_files(
    client, jury, facilitator, make_user, django_capture_on_commit_callbacks, tmp_path
):
    _pool(jury, make_user, 12)
    services.jury_draw_commit(jury=jury, user=facilitator, secret=SECRET)
    _close_applications(jury)
    client.force_login(facilitator)
    _draw(client, jury, django_capture_on_commit_callbacks)
    client.logout()
    for file in jury.draw.files.all():
        content = client.get(url("jury_file", jury, file.name)).content
        (tmp_path / file.name).write_bytes(content)
    out = io.StringIO()
    call_command("jury_verify", str(tmp_path), stdout=out)
    for seat in JurySeat.objects.filter(role=SeatRole.PANEL):
        assert seat.application.number in out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_draw_runs_in_the_background_not_in_the_request(
    client, facilitator, make_user, task_queue
):
    jury = make_jury(facilitators=[facilitator], panel_size=4, reserve_size=1)
    services.jury_quotas_derive(jury=jury, user=facilitator)
    _pool(jury, make_user, 8)
    services.jury_draw_commit(jury=jury, user=facilitator, secret=SECRET)
    _close_applications(jury)
    client.force_login(facilitator)
    response = client.post(
        url("jury_draw", jury), {"secret": SECRET, "public_value": PUBLIC_VALUE}
    )
    assert response.status_code == 302
    jury.draw.refresh_from_db()
    assert jury.draw.status == DrawStatus.QUEUED
    page = client.get(url("jury_organise", jury)).content.decode()
    assert "<progress" in page and url("jury_draw_state", jury) in page
    assert client.get(url("jury_draw_state", jury)).json()["status"] == "queued"
    task_queue.run()
    jury.draw.refresh_from_db()
    assert jury.draw.status == DrawStatus.DONE, jury.draw.message
    assert JurySeat.objects.filter(jury=jury, role=SeatRole.PANEL).count() == 4
