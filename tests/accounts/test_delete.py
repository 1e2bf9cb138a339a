import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from wagtail.users.models import UserProfile

from cms.accounts import roles, services
from cms.accounts.models import Department
from tests.accounts.conftest import soup
from tests.conftest import DEMO_PASSWORD

DELETE = "/konto/usun/"


@pytest.fixture
def resident(make_user):
    return make_user(
        "marta@example.org",
        display_name="Marta",
        district="Nowe Miasto",
        first_name="Marta",
        last_name="Nowak",
        department=Department.objects.create(name="Biuro Rady"),
        groups=[roles.OFFICIALS, roles.MODERATORS],
    )


@pytest.mark.django_db
def test_user_delete_anonymises_everything_personal(resident, make_user):
    other = make_user("olek@example.org")

    services.user_delete(user=resident)

    user = get_user_model().objects.get(pk=resident.pk)
    assert user.deleted_at is not None
    assert user.public_name == "Użytkownik usunięty"
    assert user.display_name == user.first_name == user.last_name == ""
    assert user.district == ""
    assert user.department is None
    assert "marta" not in user.username.lower()
    assert "marta" not in user.email.lower()
    assert user.email.endswith("@deleted.invalid")
    assert not user.has_usable_password()
    assert not user.is_active
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not (user.notify_replies or user.notify_responses or user.notify_followed)
    # Nobody else is touched.
    other.refresh_from_db()
    assert other.is_active and EmailAddress.objects.filter(user=other).exists()


@pytest.mark.django_db
def test_two_deleted_accounts_get_distinct_placeholders(make_user):
    first = services.user_delete(user=make_user("a@example.org"))
    second = services.user_delete(user=make_user("b@example.org"))

    assert first.username != second.username
    assert first.email != second.email


@pytest.mark.django_db
def test_user_delete_ends_all_sessions_of_that_user(client, resident, make_user):
    client.force_login(resident)
    other_device = client.__class__()
    other_device.force_login(resident)
    bystander = client.__class__()
    bystander.force_login(make_user("olek@example.org"))
    assert Session.objects.count() == 3

    services.user_delete(user=resident)

    assert Session.objects.count() == 1
    assert other_device.get("/konto/profil/").status_code == 302
    assert bystander.get("/konto/profil/").status_code == 200


@pytest.mark.django_db
def test_deletion_hooks_run_before_anonymising_and_roll_back_on_error(resident):
    seen = []

    def record(user):
        seen.append(user.email)

    def fail(user):
        raise RuntimeError("comments app failed")

    services.register_deletion_hook(record)
    services.register_deletion_hook(fail)
    try:
        with pytest.raises(RuntimeError):
            services.user_delete(user=resident)
    finally:
        services.unregister_deletion_hook(record)
        services.unregister_deletion_hook(fail)

    assert seen == ["marta@example.org"]
    resident.refresh_from_db()
    assert resident.deleted_at is None
    assert EmailAddress.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_delete_page_with_wrong_password_keeps_account(client, resident):
    client.force_login(resident)

    response = client.post(DELETE, {"password": "nie-to-haslo"})

    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("#id_password")["aria-invalid"] == "true"
    error = page.select_one("#id_password_error").get_text(strip=True)
    assert error == "Nieprawidłowe hasło."
    resident.refresh_from_db()
    assert resident.deleted_at is None


@pytest.mark.django_db
def test_delete_with_password_logs_out_and_redirects_home_with_message(
    client, resident
):
    client.force_login(resident)

    response = client.post(DELETE, {"password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    resident.refresh_from_db()
    assert resident.deleted_at is not None
    login = client.post(
        "/konto/login/", {"login": "marta@example.org", "password": DEMO_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert login.status_code == 200
    messages = [str(m) for m in login.context["messages"]]
    assert "Twoje konto zostało usunięte." in messages


@pytest.mark.django_db
def test_delete_password_guessing_is_rate_limited(client, resident):
    client.force_login(resident)
    for _ in range(5):
        client.post(DELETE, {"password": "zgaduje"})

    response = client.post(DELETE, {"password": DEMO_PASSWORD})

    assert response.status_code == 400
    assert "Zbyt wiele prób" in soup(response).select_one(".error-summary").get_text()
    resident.refresh_from_db()
    assert resident.deleted_at is None


@pytest.mark.django_db
def test_user_delete_removes_wagtail_profile_and_avatar_after_commit(
    make_user, django_capture_on_commit_callbacks
):
    editor = make_user("redaktor@example.org", groups=[roles.EDITORS])
    profile = UserProfile.get_for_user(editor)
    profile.avatar.save("redaktor.png", ContentFile(b"not really a picture"))
    storage, name = profile.avatar.storage, profile.avatar.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.user_delete(user=editor)
    assert storage.exists(name), "kept until the deletion is committed"
    for callback in callbacks:
        callback()

    assert not storage.exists(name)
    assert not UserProfile.objects.filter(user=editor).exists()
