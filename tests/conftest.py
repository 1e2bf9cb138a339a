import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

DEMO_PASSWORD = "wspolnie-demo"


@pytest.fixture
def make_user(db):
    """Creates a user with a verified e-mail, optionally in role groups."""

    def make(
        email="resident@example.org",
        *,
        display_name=None,
        groups=(),
        verified=True,
        **extra,
    ):
        from django.contrib.auth.models import Group

        user = get_user_model().objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name=display_name or email.split("@")[0].title(),
            **extra,
        )
        EmailAddress.objects.create(
            user=user, email=email, verified=verified, primary=True
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make
