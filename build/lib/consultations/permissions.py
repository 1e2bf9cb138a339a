"""Who may do what with consultations. Views, templates, pages and consumers ask
these functions; no permission logic lives anywhere else."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.accounts.permissions import is_editor, is_official, is_signed_in
from cms.params import parse_id
from cms.visibility import Viewer, page_visible_to
from participation.permissions import acts_for_organisation

from .status import Audience, ConsultationStatus

if TYPE_CHECKING:
    # Only for annotations: the page asks these functions, so importing it here
    # would make a cycle.
    from .pages import ConsultationPage


def can_view(viewer: Viewer, consultation: ConsultationPage) -> bool:
    """A consultation (its page, act, thread, exports and live events) is as
    visible as its page: published, and let in by its view restrictions."""
    return page_visible_to(viewer, consultation)


def can_edit_draft_act(user, consultation: ConsultationPage | None = None) -> bool:
    """Editors (and superusers) enter and publish the text of draft acts."""
    return is_editor(user)


def official_may_answer(user, consultation: ConsultationPage) -> bool:
    """Officials answer for their own department; a consultation without a
    responsible department may be answered by any official."""
    if not is_official(user):
        return False
    if consultation.department_id is None:
        return True
    return user.department_id == consultation.department_id


def _format(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def _awaits_published_act(consultation: ConsultationPage) -> bool:
    """True while a consultation with a draft act has no published version yet.

    A consultation without a draft act (by design: a question, a survey) takes
    comments without one. The current version is cached on the page, and the
    reverse one-to-one ``draft_act`` caches its answer (a missing act too) on
    the instance, so a thread asks the database at most once."""
    if consultation.current_version() is not None:
        return False
    return hasattr(consultation, "draft_act")


def comment_denied_reason(
    user, consultation: ConsultationPage, *, now: datetime | None = None
) -> str | None:
    """None if ``user`` (signed in, verified e-mail) may comment now, else the
    reason shown to them.

    "Residents" cannot be verified; a resident is a person who declared their
    osiedle or sołectwo (``district``) in their profile.
    """
    status = consultation.status_at(now or timezone.now())
    if status == ConsultationStatus.PLANNED:
        return _("Comments open on %(date)s.") % {
            "date": _format(consultation.opens_at)
        }
    if status != ConsultationStatus.OPEN:
        return _("The consultation is closed.")
    if _awaits_published_act(consultation):
        return _("The draft act has not been published yet.")
    if consultation.audience == Audience.NGOS and not acts_for_organisation(user):
        return _("Only non-governmental organisations may comment.")
    if consultation.audience == Audience.RESIDENTS and not getattr(
        user, "district", ""
    ):
        return _(
            "Only residents may comment: add your district or village in your profile."
        )
    return None


def can_follow(user, consultation: ConsultationPage) -> bool:
    return is_signed_in(user)


def can_view_version(user, version) -> bool:
    """Published versions are public; drafts only for editors."""
    return version.published or can_edit_draft_act(user, version.act.consultation)


def can_read_consultation_stream(viewer: Viewer, key: str) -> bool:
    """Live events of a consultation are as visible as its page."""
    pk = parse_id(key)
    if pk is None:
        return False
    # Found by the page's content type rather than through ConsultationPage:
    # pages.py imports this module.
    page = Page.objects.filter(
        id=pk,
        content_type__app_label="consultations",
        content_type__model="consultationpage",
    ).first()
    return page is not None and can_view(viewer, page)
