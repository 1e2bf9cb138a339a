import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from cms.accounts.roles import EDITORS
from cms.live.models import StreamEvent
from consultations import services
from consultations.act_parser import ActParseError
from consultations.models import DraftAct, DraftActVersion, Provision
from participation import services as participation

from .factories import ACT_TEXT, act_editor, make_consultation, provision

pytestmark = pytest.mark.django_db

# § 2 ust. 2 reworded, § 3 renumbered to § 4 behind a new § 3.
ACT_TEXT_V2 = ACT_TEXT.replace(
    "2. W okresie suszy podlewa się je co trzy dni.",
    "2. W okresie suszy podlewa się je codziennie.",
).replace(
    "§ 3. Wykonanie uchwały powierza się Wójtowi Gminy.",
    "§ 3. Gmina prowadzi rejestr drzew.\n\n"
    "§ 4. Wykonanie uchwały powierza się Wójtowi Gminy.",
)


def labels(version):
    return [p.label for p in version.provisions.order_by("position")]


def test_version_from_text_parses_provisions_in_order(editor):
    page = make_consultation(act_text=None)
    act = DraftAct.objects.create(consultation=page, title="Projekt")
    version = services.draft_act_version_create_from_text(
        act=act, text=ACT_TEXT, note="Pierwsza wersja", user=editor
    )
    assert version.number == 1
    assert not version.published
    assert version.created_by == editor
    assert labels(version) == [
        "Preambuła",
        "§ 1",
        "§ 2",
        "§ 2 ust. 1",
        "§ 2 ust. 2",
        "§ 3",
    ]
    assert version.provisions.get(label="§ 2 ust. 1").level == 1


def test_new_version_carries_keys_over(editor):
    page = make_consultation(user=editor)
    v1 = page.draft_act.versions.get(number=1)
    v2 = services.draft_act_version_create_from_text(
        act=page.draft_act, text=ACT_TEXT_V2, note="Po uwagach", user=editor
    )
    assert v2.number == 2
    old = {p.label: p.key for p in v1.provisions.all()}
    new = {p.label: p.key for p in v2.provisions.all()}
    # Reworded: same key.
    assert new["§ 2 ust. 2"] == old["§ 2 ust. 2"]
    # Renumbered with the same text: the key follows the text, not the label.
    assert new["§ 4"] == old["§ 3"]
    # New provision: new key.
    assert new["§ 3"] not in old.values()


def test_parse_error_saves_nothing(editor):
    page = make_consultation(user=editor)
    with pytest.raises(ActParseError) as error:
        services.draft_act_version_create_from_text(
            act=page.draft_act,
            text="Tekst bez paragrafów.\nDruga linia.",
            note="",
            user=editor,
        )
    assert "wierszach" in error.value.message
    assert DraftActVersion.objects.filter(act=page.draft_act).count() == 1


def test_pasted_markup_is_stored_as_plain_text(editor):
    page = make_consultation(act_text=None)
    act = DraftAct.objects.create(consultation=page, title="Projekt")
    version = services.draft_act_version_create_from_text(
        act=act,
        text="§ 1. Tekst <b>pogrubiony</b> <script>alert(1)</script> & inne.",
        note="<i>uwaga</i>",
        user=editor,
    )
    item = version.provisions.get(label="§ 1")
    assert item.text == "Tekst pogrubiony alert(1) & inne."
    assert version.note == "uwaga"


def test_comments_stay_attached_to_a_provision_across_versions(editor, resident):
    page = make_consultation(user=editor)
    drought = provision(page, "§ 2 ust. 2")
    comment = participation.comment_create(
        author=resident,
        target=page,
        text="Codziennie, nie co trzy dni.",
        anchor=str(drought.key),
    )
    v2 = services.draft_act_version_create_from_text(
        act=page.draft_act, text=ACT_TEXT_V2, note="", user=editor
    )
    services.version_publish(version=v2, user=editor)
    page.refresh_from_db()
    page.__dict__.pop("_current_version_cache", None)
    page.__dict__.pop("_current_provisions_cache", None)
    reworded = v2.provisions.get(label="§ 2 ust. 2")
    assert comment.anchor == str(reworded.key)
    assert page.comment_anchor_label(comment.anchor) == "§ 2 ust. 2"
    renumbered = provision(page, "§ 4", version=v2)
    old_three = provision(page, "§ 3", version=page.draft_act.versions.get(number=1))
    assert renumbered.key == old_three.key


def test_anchor_choices_come_from_the_current_version(editor):
    page = make_consultation(user=editor)
    draft = services.draft_act_version_create_from_text(
        act=page.draft_act, text=ACT_TEXT_V2, note="", user=editor
    )
    choices = page.comment_anchor_choices()
    assert choices[0] == ("", "Cały projekt")
    assert [label for _key, label in choices[1:]] == labels(
        page.draft_act.versions.get(number=1)
    )
    # The draft's § 4 continues the published § 3 (same key): a valid anchor,
    # labelled as residents see it now; the draft's new § 3 is not one yet.
    renumbered = draft.provisions.get(label="§ 4")
    assert page.comment_anchor_label(str(renumbered.key)) == "§ 3"
    new_three = draft.provisions.get(label="§ 3")
    assert page.comment_anchor_label(str(new_three.key)) is None
    assert page.comment_anchor_label(str(uuid.uuid4())) is None
    assert page.comment_anchor_label("") == ""


def test_publishing_records_a_live_event_and_freezes_the_version(editor):
    page = make_consultation(user=editor)
    v2 = services.draft_act_version_create(act=page.draft_act, note="", user=editor)
    assert labels(v2) == labels(page.draft_act.versions.get(number=1))
    services.version_publish(version=v2, user=editor)
    v2.refresh_from_db()
    assert v2.published and v2.published_at and v2.published_by == editor
    event = StreamEvent.objects.filter(
        stream__name=page.comment_stream(), type="act.version_published"
    ).latest("seq")
    assert event.payload["version"] == 2
    with pytest.raises(ValidationError):
        services.version_publish(version=v2, user=editor)
    with pytest.raises(ValidationError):
        services.provision_update(
            provision=v2.provisions.first(),
            label="§ 9",
            heading="",
            text="",
            level=0,
            user=editor,
        )
    with pytest.raises(ValidationError):
        services.provision_delete(provision=v2.provisions.first(), user=editor)


def test_empty_version_cannot_be_published(editor):
    page = make_consultation(act_text=None)
    act = DraftAct.objects.create(consultation=page, title="Projekt")
    version = services.draft_act_version_create(act=act, note="", user=editor)
    with pytest.raises(ValidationError):
        services.version_publish(version=version, user=editor)


def test_provisions_entered_one_by_one(editor):
    page = make_consultation(act_text=None)
    act = DraftAct.objects.create(consultation=page, title="Projekt")
    version = services.draft_act_version_create(act=act, note="", user=editor)
    first = services.provision_add(
        version=version, label="§ 1", text="Pierwszy.", user=editor
    )
    third = services.provision_add(
        version=version, label="§ 3", text="Trzeci.", user=editor
    )
    second = services.provision_add(
        version=version, label="§ 2", text="Drugi.", after=first, user=editor
    )
    assert labels(version) == ["§ 1", "§ 2", "§ 3"]
    assert [p.position for p in version.provisions.order_by("position")] == [1, 2, 3]

    services.provision_move(provision=third, offset=-1, user=editor)
    assert labels(version) == ["§ 1", "§ 3", "§ 2"]
    services.provision_move(provision=first, offset=-1, user=editor)  # already top
    assert labels(version) == ["§ 1", "§ 3", "§ 2"]

    key = second.key
    services.provision_update(
        provision=second,
        label="§ 2",
        heading="Rozdział 1",
        text="Drugi <em>poprawiony</em>.",
        level=0,
        user=editor,
    )
    second.refresh_from_db()
    assert second.key == key
    assert second.text == "Drugi poprawiony."

    services.provision_delete(provision=first, user=editor)
    assert labels(version) == ["§ 3", "§ 2"]
    assert [p.position for p in version.provisions.order_by("position")] == [1, 2]


def test_provision_labels_are_unique_within_a_version(editor):
    page = make_consultation(act_text=None)
    act = DraftAct.objects.create(consultation=page, title="Projekt")
    version = services.draft_act_version_create(act=act, note="", user=editor)
    services.provision_add(version=version, label="§ 1", user=editor)
    with pytest.raises(ValidationError) as error:
        services.provision_add(version=version, label="§ 1", user=editor)
    assert "label" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.provision_add(version=version, label="  ", user=editor)
    with pytest.raises(ValidationError):
        services.provision_add(version=version, label="§ 2", level=7, user=editor)
    assert Provision.objects.filter(version=version).count() == 1


def test_unpublished_version_can_be_discarded(editor):
    page = make_consultation(user=editor)
    draft = services.draft_act_version_create(act=page.draft_act, note="", user=editor)
    services.version_delete(version=draft, user=editor)
    assert not DraftActVersion.objects.filter(pk=draft.pk).exists()
    with pytest.raises(ValidationError):
        services.version_delete(
            version=page.draft_act.versions.get(number=1), user=editor
        )


def test_follow_and_unfollow_are_idempotent(resident):
    page = make_consultation()
    services.consultation_follow(user=resident, consultation=page)
    services.consultation_follow(user=resident, consultation=page)
    assert page.follows.count() == 1
    services.consultation_unfollow(user=resident, consultation=page)
    services.consultation_unfollow(user=resident, consultation=page)
    assert page.follows.count() == 0


def test_comment_on_a_removed_provision_keeps_its_old_label(editor, resident):
    page = make_consultation(user=editor)
    drought = provision(page, "§ 2 ust. 2")
    comment = participation.comment_create(
        author=resident, target=page, text="Za rzadko.", anchor=str(drought.key)
    )
    v2 = services.draft_act_version_create_from_text(
        act=page.draft_act,
        text=ACT_TEXT.replace("2. W okresie suszy podlewa się je co trzy dni.", ""),
        note="",
        user=editor,
    )
    services.version_publish(version=v2, user=editor)
    page = type(page).objects.get(pk=page.pk)
    assert comment.anchor not in dict(page.comment_anchor_choices())
    assert page.comment_anchor_label(comment.anchor) == "§ 2 ust. 2 (wersja 1)"


# --- permissions: every service checks its own ------------------------------------
def _editor_services(page, user):
    """Each draft act service called by ``user`` on ``page``'s published act and
    an unpublished version 2, with valid arguments."""
    act = page.draft_act
    draft = services.draft_act_version_create(act=act, note="", user=act_editor())
    item = draft.provisions.order_by("position").first()
    return {
        "draft_act_create": lambda: services.draft_act_create(
            consultation=make_consultation("Bez projektu", act_text=None),
            title="Nowy projekt",
            user=user,
        ),
        "draft_act_update": lambda: services.draft_act_update(
            act=act, title="Zmieniony", user=user
        ),
        "draft_act_version_create_from_text": lambda: (
            services.draft_act_version_create_from_text(
                act=act, text=ACT_TEXT, note="", user=user
            )
        ),
        "draft_act_version_create": lambda: services.draft_act_version_create(
            act=act, note="", user=user
        ),
        "provision_add": lambda: services.provision_add(
            version=draft, label="§ 9", user=user
        ),
        "provision_update": lambda: services.provision_update(
            provision=item,
            label=item.label,
            heading="",
            text="Nowy",
            level=0,
            user=user,
        ),
        "provision_delete": lambda: services.provision_delete(
            provision=item, user=user
        ),
        "provision_move": lambda: services.provision_move(
            provision=item, offset=1, user=user
        ),
        "version_publish": lambda: services.version_publish(version=draft, user=user),
        "version_delete": lambda: services.version_delete(version=draft, user=user),
    }


EDITOR_SERVICES = [
    "draft_act_create",
    "draft_act_update",
    "draft_act_version_create_from_text",
    "draft_act_version_create",
    "provision_add",
    "provision_update",
    "provision_delete",
    "provision_move",
    "version_publish",
    "version_delete",
]
NON_EDITORS = ["anonymous", "resident", "official", "moderator", "inactive_editor"]


@pytest.fixture
def user_in_role(request, resident, official, moderator, make_user):
    def get(role):
        if role == "anonymous":
            return AnonymousUser()
        if role == "inactive_editor":
            return make_user(
                "byly.redaktor@example.org", groups=[EDITORS], is_active=False
            )
        return {"resident": resident, "official": official, "moderator": moderator}[
            role
        ]

    return get


@pytest.mark.parametrize("role", NON_EDITORS)
@pytest.mark.parametrize("name", EDITOR_SERVICES)
def test_draft_act_services_refuse_non_editors(name, role, user_in_role):
    page = make_consultation()
    call = _editor_services(page, user_in_role(role))[name]
    versions = DraftActVersion.objects.count()
    provisions = Provision.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        call()
    assert str(refused.value) == "Projekty aktów mogą edytować tylko redaktorzy."
    assert DraftActVersion.objects.count() == versions
    assert Provision.objects.count() == provisions
    assert DraftAct.objects.get(pk=page.draft_act.pk).title == page.draft_act.title


@pytest.mark.parametrize("name", EDITOR_SERVICES)
def test_draft_act_services_accept_editors_and_superusers(name, editor, make_user):
    admin = make_user("admin@example.org", is_superuser=True)
    for user in (editor, admin):
        page = make_consultation()
        _editor_services(page, user)[name]()


def test_following_needs_a_signed_in_active_user(resident):
    page = make_consultation()
    for user in (AnonymousUser(), _inactive(resident)):
        with pytest.raises(PermissionDenied) as refused:
            services.consultation_follow(user=user, consultation=page)
        assert "Zaloguj się" in str(refused.value)
    assert not page.follows.exists()


def _inactive(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user
