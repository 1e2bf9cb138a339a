import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """A unit of the office (wydział, biuro) that answers contributions."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class WspolnieUserManager(UserManager):
    """Users sign in with their e-mail; the username is an internal handle."""

    def create_user(self, username=None, email=None, password=None, **extra):
        # A random handle: part of an e-mail address must never become public.
        username = username or f"user-{uuid.uuid4().hex[:12]}"
        return super().create_user(username, email, password, **extra)


class User(AbstractUser):
    """An account. `display_name` is what the public sees; e-mail stays private."""

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown publicly next to your comments."),
    )
    district = models.CharField(
        _("district"),
        max_length=120,
        blank=True,
        help_text=_("Optional: your osiedle or sołectwo."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officials",
        help_text=_("For officials: the department they answer for."),
    )
    notify_replies = models.BooleanField(
        _("e-mail me about replies to my comments"), default=True
    )
    notify_responses = models.BooleanField(
        _("e-mail me about official responses to my comments"), default=True
    )
    notify_followed = models.BooleanField(
        _("e-mail me about consultations I follow"), default=True
    )
    # The terms of participation (regulamin) the owner accepted at sign-up.
    terms_version = models.CharField(
        _("accepted terms version"), max_length=20, blank=True
    )
    terms_accepted_at = models.DateTimeField(
        _("terms accepted at"), null=True, blank=True
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    objects = WspolnieUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.public_name

    def get_full_name(self) -> str:
        """The name Wagtail's admin shows for the account (its users list, page
        history, the account menu): the display name, not the generated
        username."""
        return self.display_name.strip() or super().get_full_name()

    @property
    def public_name(self) -> str:
        if self.deleted_at:
            return str(_("Deleted user"))
        return self.display_name or self.username
