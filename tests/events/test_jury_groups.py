"""A jury's deliberation in small groups: the organisers split the seated
jurors for an agenda item and move them by hand; each juror sees their own
group on their phone and in "Moje wydarzenia", the console and the projector
see all groups; a reserve who replaces a juror sits in their group; nobody
else may split, and no page's queries grow with the panel."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cms.live.models import StreamEvent
from events.models import (
    DrawStatus,
    JuryDraw,
    JuryGroupMember,
    JuryGroupSplit,
    SeatRole,
)
from events.services import jury_draw
from events.services import jury_groups as services
from events.services import live as live_services

from .jury_groups_factories import panel_with_groups_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_user, facilitator):
    return panel_with_groups_item(make_user, facilitator)


def _split(facilitator, jury, item, count=3, seed="ławka"):
    return services.jury_groups_split(
        user=facilitator,
        jury=jury,
        agenda_item_id=item.pk,
        group_count=count,
        seed=seed,
    )


def membership(split) -> dict[int, int]:
    return dict(
        JuryGroupMember.objects.filter(split=split).values_list(
            "seat_id", "group__number"
        )
    )


def test_split_puts_every_seated_juror_in_one_balanced_mixed_group(panel, facilitator):
    jury, item, seats, reserves = panel
    split = _split(facilitator, jury, item)
    placed = membership(split)
    assert set(placed) == {s.pk for s in seats}  # no reserve
    sizes = sorted(list(placed.values()).count(n) for n in (1, 2, 3))
    assert sizes == [4, 4, 4]
    # Six women and six men: two of each in every group.
    for number in (1, 2, 3):
        women = [
            s
            for s in seats
            if placed[s.pk] == number
            and s.application.answers.get(stratum__name="Płeć").value.name == "kobieta"
        ]
        assert len(women) == 2
    assert split.seed == "ławka"


def test_the_same_seed_gives_the_same_groups_and_splitting_again_replaces_them(
    panel, facilitator
):
    jury, item, _seats, _ = panel
    first = membership(_split(facilitator, jury, item, seed="dąb"))
    again = _split(facilitator, jury, item, seed="dąb")
    assert membership(again) == first
    assert JuryGroupSplit.objects.filter(jury=jury).count() == 1
    random_seed = _split(facilitator, jury, item, seed="")
    assert len(random_seed.seed) == 16


@pytest.mark.parametrize("who", ["juror", "stranger", "reserve"])
def test_only_organisers_split_and_nothing_is_written_otherwise(panel, make_user, who):
    jury, item, seats, reserves = panel
    user = {
        "juror": seats[0].application.user,
        "stranger": make_user("obcy@example.org"),
        "reserve": reserves[0].application.user,
    }[who]
    with pytest.raises(PermissionDenied):
        _split(user, jury, item)
    assert not JuryGroupSplit.objects.exists()


def test_an_editor_organises_too(panel, editor):
    jury, item, _, _ = panel
    assert _split(editor, jury, item).group_count == 3


def test_bad_input_is_refused_with_reasons(panel, facilitator, make_user):
    jury, item, seats, _ = panel
    from tests.events.live_factories import live_event

    other = live_event(facilitator).agenda_items.first()
    with pytest.raises(ValidationError) as error:
        _split(facilitator, jury, other)
    assert "item" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _split(facilitator, jury, item, count=13)
    assert error.value.message_dict["groups"] == ["Podaj od 1 do 12 grup."]
    assert not JuryGroupSplit.objects.exists()


def test_writes_are_rate_limited(panel, facilitator, write_limit):
    jury, item, _, _ = panel
    write_limit("jury_organise", 1)
    _split(facilitator, jury, item)
    with pytest.raises(ValidationError) as error:
        _split(facilitator, jury, item, seed="inny")
    assert error.value.error_list[0].code == "rate_limited"


def test_a_juror_is_moved_by_hand_and_a_reserve_cannot_be(panel, facilitator):
    jury, item, seats, reserves = panel
    split = _split(facilitator, jury, item)
    juror = seats[0]
    target = 1 if membership(split)[juror.pk] != 1 else 2
    services.jury_group_move(
        user=facilitator,
        jury=jury,
        split_id=split.pk,
        seat_id=juror.pk,
        group_number=target,
    )
    assert membership(split)[juror.pk] == target
    with pytest.raises(ValidationError) as error:
        services.jury_group_move(
            user=facilitator,
            jury=jury,
            split_id=split.pk,
            seat_id=reserves[0].pk,
            group_number=1,
        )
    assert "seat" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.jury_group_move(
            user=facilitator,
            jury=jury,
            split_id=split.pk,
            seat_id=juror.pk,
            group_number=9,
        )


def test_a_reserve_who_replaces_a_juror_sits_in_their_group(panel, facilitator):
    jury, item, seats, reserves = panel
    split = _split(facilitator, jury, item)
    JuryDraw.objects.create(
        jury=jury, commitment="0" * 64, seed="s" * 64, status=DrawStatus.DONE
    )
    leaving = seats[3]
    group = membership(split)[leaving.pk]
    replacement = jury_draw.jury_juror_replace(
        jury=jury, user=facilitator, number=leaving.application.number
    )
    newcomer = next(
        s for s in reserves if s.application.number == replacement.replacement_number
    )
    newcomer.refresh_from_db()
    assert newcomer.role == SeatRole.PANEL
    placed = membership(split)
    assert placed[newcomer.pk] == group and leaving.pk not in placed
    # The newcomer's phone shows the group with the others in it.
    from django.test import Client

    client = Client()
    client.force_login(newcomer.application.user)
    page = client.get(reverse("events:live", args=[jury.event.pk])).content.decode()
    assert "Twoja mała grupa" in page and f"Grupa {group}" in page
    assert leaving.application.user.display_name not in page


def test_each_juror_sees_only_their_group_without_pool_numbers(
    client, panel, facilitator
):
    jury, item, seats, _ = panel
    split = _split(facilitator, jury, item)
    live_services.agenda_go(facilitator=facilitator, event=jury.event, item_id=item.pk)
    placed = membership(split)
    me = seats[0]
    mates = [s for s in seats if placed[s.pk] == placed[me.pk] and s != me]
    others = [s for s in seats if placed[s.pk] != placed[me.pk]]
    client.force_login(me.application.user)
    page = client.get(reverse("events:live", args=[jury.event.pk])).content.decode()
    assert "Twoja mała grupa" in page
    assert f"Grupa {placed[me.pk]}" in page and "Teraz" in page
    for mate in mates:
        assert mate.application.user.display_name in page
    for other in others:
        assert other.application.user.display_name not in page
    # No pool numbers (the protocol links them to strata), no e-mail.
    for seat in seats:
        assert f">{seat.application.number}<" not in page
        assert seat.application.user.email not in page
    # "Moje wydarzenia" says the same.
    mine = client.get(reverse("my_events")).content.decode()
    assert "Mała grupa na „Dyskusja w małych grupach”" in mine
    assert all(m.application.user.display_name in mine for m in mates)


def test_public_and_non_jurors_see_no_groups(client, panel, facilitator, make_user):
    jury, item, seats, _ = panel
    _split(facilitator, jury, item)
    live_services.agenda_go(facilitator=facilitator, event=jury.event, item_id=item.pk)
    name = seats[0].application.user.display_name
    for part in ("juror", "projector"):
        url = reverse("events:jury_part", args=[jury.event.pk, part])
        assert name not in client.get(url).content.decode()
    assert (
        name
        not in client.get(reverse("events:live", args=[jury.event.pk])).content.decode()
    )
    client.force_login(make_user("obcy@example.org"))
    page = client.get(reverse("events:live", args=[jury.event.pk])).content.decode()
    assert "Twoja mała grupa" not in page and name not in page
    console = client.get(reverse("events:jury_part", args=[jury.event.pk, "console"]))
    assert console.status_code == 403


def test_console_and_projector_show_all_groups_to_the_organisers(
    client, panel, facilitator
):
    jury, item, seats, _ = panel
    client.force_login(facilitator)
    # The console's form, without JavaScript: post, then back to the console.
    response = client.post(
        reverse("events:jury_groups_split", args=[jury.event.pk]),
        {"item": item.pk, "groups": 3, "seed": "ławka"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:console", args=[jury.event.pk])
    console = client.get(response["Location"]).content.decode()
    assert "Dyskusja w małych grupach" in console and "Podziel na grupy" in console
    for seat in seats:
        assert seat.application.user.display_name in console
        assert seat.application.number in console
    assert "ławka" in console
    live_services.agenda_go(facilitator=facilitator, event=jury.event, item_id=item.pk)
    projector = client.get(
        reverse("events:projector", args=[jury.event.pk])
    ).content.decode()
    assert "Małe grupy: Dyskusja w małych grupach" in projector
    assert all(s.application.user.display_name in projector for s in seats)
    assert not any(f">{s.application.number}<" in projector for s in seats)


def test_forms_refuse_bad_input_in_polish_and_outsiders_get_403(
    client, panel, facilitator, make_user
):
    jury, item, seats, _ = panel
    url = reverse("events:jury_groups_split", args=[jury.event.pk])
    client.force_login(facilitator)
    response = client.post(
        url, {"item": item.pk, "groups": 0}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert "groups" in response.json()["fields"]
    response = client.post(url, {"item": item.pk, "groups": 50}, follow=True)
    assert "Upewnij się, że ta wartość jest mniejsza lub równa 20." in (
        response.content.decode()
    )
    client.force_login(seats[0].application.user)
    response = client.post(url, {"item": item.pk, "groups": 3})
    assert response.status_code == 403
    assert "To mogą zrobić tylko organizatorzy panelu." in response.content.decode()
    assert not JuryGroupSplit.objects.exists()


def test_move_and_rename_through_the_console_forms(client, panel, facilitator):
    jury, item, seats, _ = panel
    split = _split(facilitator, jury, item)
    client.force_login(facilitator)
    juror = seats[5]
    target = 1 if membership(split)[juror.pk] != 1 else 2
    response = client.post(
        reverse("events:jury_group_move", args=[jury.event.pk]),
        {"split": split.pk, "seat": juror.pk, "group": target},
    )
    assert response.status_code == 302
    assert membership(split)[juror.pk] == target
    response = client.post(
        reverse("events:jury_group_rename", args=[jury.event.pk]),
        {"split": split.pk, "group": 1, "name": "  Drzewa <b>i</b> woda "},
    )
    assert response.status_code == 302
    console = client.get(response["Location"]).content.decode()
    assert "Grupa 1: Drzewa &lt;b&gt;i&lt;/b&gt; woda" in console


def test_a_split_publishes_a_frame_without_names(panel, facilitator):
    jury, item, seats, _ = panel
    _split(facilitator, jury, item)
    frame = StreamEvent.objects.filter(type="jury.groups").get()
    assert frame.payload == {"item": item.pk, "groups": 3}


@pytest.mark.parametrize("page", ["live", "console", "my_events"])
def test_queries_do_not_grow_with_the_panel(
    client, make_user, facilitator, django_assert_max_num_queries, page
):
    def measure(jurors: int, tag: str) -> int:
        jury, item, seats, _ = panel_with_groups_item(
            make_user_prefixed(tag), facilitator, jurors=jurors, reserves=0
        )
        _split(facilitator, jury, item)
        viewer = facilitator if page == "console" else seats[0].application.user
        client.force_login(viewer)
        url = {
            "live": reverse("events:live", args=[jury.event.pk]),
            "console": reverse("events:console", args=[jury.event.pk]),
            "my_events": reverse("my_events"),
        }[page]
        client.get(url)  # warm caches (session, site)
        with django_assert_max_num_queries(200) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert "Grupa " in response.content.decode()
        return len(captured.captured_queries)

    def make_user_prefixed(tag):
        return lambda email, **kw: make_user(f"{tag}-{email}", **kw)

    assert measure(8, "a") == measure(24, "b")
