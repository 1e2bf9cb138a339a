"""Reads of one consultation: its draft act's versions and provisions, the
comments on them, who follows it, and everything its page shows.

The consultation page itself asks these (``ConsultationPage.current_version``,
``get_context``), so this module imports no page class: models come from
``acts``, the page arrives as an argument. ``consultations.selectors``
re-exports everything here; import from there.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cms.params import parse_id
from participation.models import Comment
from participation.selectors import thread_context

from .act_diff import diff_provisions, inline_diff_html
from .acts import ConsultationFollow, DraftActVersion, Provision
from .permissions import can_follow

if TYPE_CHECKING:
    # Only for annotations: pages.py imports this module.
    from .pages import ConsultationPage


def versions_published(*, consultation: ConsultationPage) -> list[DraftActVersion]:
    """Published versions of the consultation's draft act, oldest first."""
    return list(
        DraftActVersion.objects.filter(act__consultation=consultation, published=True)
        .select_related("act")
        .order_by("number")
    )


def version_current(*, consultation: ConsultationPage) -> DraftActVersion | None:
    """The newest published version, the one residents comment on."""
    return (
        DraftActVersion.objects.filter(act__consultation=consultation, published=True)
        .select_related("act")
        .order_by("-number")
        .first()
    )


def version_provisions(*, version: DraftActVersion) -> list[Provision]:
    """The provisions of ``version``, in order."""
    return list(Provision.objects.filter(version=version).order_by("position"))


def provision_labels_published(
    *, consultation: ConsultationPage
) -> dict[str, tuple[str, int]]:
    """Last label and version number of every provision key ever published."""
    rows = (
        Provision.objects.filter(
            version__act__consultation=consultation, version__published=True
        )
        .order_by("version__number", "position")
        .values_list("key", "label", "version__number")
    )
    return {str(key): (label, number) for key, label, number in rows}


def comments_on_anchors(
    *,
    consultation: ConsultationPage,
    anchors: list[str],
    since: datetime | None,
    until: datetime | None,
) -> dict[str, list]:
    """Visible top-level comments on the given provisions written between two
    moments (the publication of two versions), grouped by anchor; one query."""
    if not anchors:
        return {}
    comments = Comment.objects.public().filter(
        target_type=ContentType.objects.get_for_model(consultation),
        target_id=consultation.pk,
        anchor__in=anchors,
        parent__isnull=True,
    )
    if since is not None:
        comments = comments.filter(created_at__gte=since)
    if until is not None:
        comments = comments.filter(created_at__lt=until)
    grouped: dict[str, list] = {}
    for comment in comments.select_related("author").order_by("created_at", "pk"):
        grouped.setdefault(comment.anchor, []).append(comment)
    return grouped


def is_following(*, user, consultation: ConsultationPage) -> bool:
    """Whether ``user`` (possibly anonymous) follows the consultation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return ConsultationFollow.objects.filter(
        user=user, consultation=consultation
    ).exists()


def followers_to_notify(*, consultation: ConsultationPage) -> list:
    """Followers who want e-mails about followed consultations and can get them:
    active, not deleted, with a verified address."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return list(
        get_user_model()
        .objects.filter(
            consultation_follows__consultation=consultation,
            notify_followed=True,
            is_active=True,
            deleted_at__isnull=True,
        )
        .filter(Exists(verified))
        .order_by("pk")
    )


# --- the consultation page ---------------------------------------------------------
def diff_html(old_text: str, new_text: str) -> str:
    """``inline_diff_html`` with words for screen readers: each <del>/<ins>
    starts with a visually hidden "removed:"/"added:"."""
    result = inline_diff_html(old_text, new_text)
    # inline_diff_html escapes every piece of text, so these tags can only be
    # its own markup.
    removed = escape(_("removed:"))
    added = escape(_("added:"))
    result = result.replace(
        "<del>", f'<del><span class="visually-hidden">{removed} </span>'
    ).replace("<ins>", f'<ins><span class="visually-hidden">{added} </span>')
    return mark_safe(result)


def _thread_context(request: HttpRequest, page: ConsultationPage) -> dict:
    """participation's thread, with the provision chosen by "Comment on this
    provision" (?przepis=<key>) preselected in the comment form."""
    context = thread_context(request, page)
    chosen = request.GET.get("przepis", "")
    form = context["thread"].get("form")
    if chosen and form is not None and page.comment_anchor_label(chosen):
        form.initial["anchor"] = chosen
    return context


def _changes(page, previous, selected, old, new) -> list[dict]:
    """Changed, added and removed provisions between two versions, each with the
    comments written on it while the previous version was current."""
    rows = [
        row
        for row in diff_provisions(
            [(str(p.key), p.label, p.text) for p in old],
            [(str(p.key), p.label, p.text) for p in new],
        )
        if row.kind != "unchanged"
    ]
    comments = comments_on_anchors(
        consultation=page,
        anchors=[row.key for row in rows if row.key],
        since=previous.published_at,
        until=selected.published_at,
    )
    return [
        {
            "row": row,
            "html": diff_html(row.old_text, row.new_text),
            "comments": comments.get(row.key, []),
        }
        for row in rows
    ]


def _table_of_contents(rows: list[dict]) -> list[dict]:
    """The act's top-level units (preamble, §, attachment, justification) for
    the table of contents, each with the comments on it and on its ustępy,
    punkty and litery (the rows that follow it at a deeper level)."""
    toc: list[dict] = []
    for row in rows:
        if row["provision"].level == 0 or not toc:
            toc.append({**row, "total": row["count"]})
        else:
            toc[-1]["total"] += row["count"]
    return toc


def consultation_page_context(request: HttpRequest, page: ConsultationPage) -> dict:
    """Everything the consultation page shows, in a constant number of queries
    (whatever the number of provisions, versions or comments). ``?wersja=<n>``
    shows version n with its changes against the one before."""
    if page.pk is None:
        # Preview of a page not saved yet: no act, no comments to show.
        return {"following": False, "can_follow": False, "versions": []}
    versions = versions_published(consultation=page)
    current = versions[-1] if versions else None
    page._current_version_cache = current
    selected = current
    requested = parse_id(request.GET.get("wersja", ""))
    if requested is not None:
        selected = next((v for v in versions if v.number == requested), current)
    provisions = version_provisions(version=selected) if selected else []
    if selected is not None and selected is current:
        page._current_provisions_cache = provisions
    previous = None
    changes: list[dict] = []
    if selected is not None and versions.index(selected) > 0:
        previous = versions[versions.index(selected) - 1]
        old = version_provisions(version=previous)
        changes = _changes(page, previous, selected, old, provisions)
    # The thread computes the comment counts and the progress: reuse them.
    context = _thread_context(request, page)
    thread = context["thread"]
    counts = thread["anchor_counts"]
    rows = [
        {"provision": p, "anchor": str(p.key), "count": counts.get(str(p.key), 0)}
        for p in provisions
    ]
    context.update(
        toc=_table_of_contents(rows),
        versions=versions,
        current_version=current,
        selected_version=selected,
        previous_version=previous,
        is_current=selected is current,
        provision_rows=rows,
        changes=changes,
        whole_count=counts.get("", 0),
        answered_count=thread["answered"],
        comment_total=thread["total"],
        following=is_following(user=request.user, consultation=page),
        can_follow=can_follow(request.user, page),
        live_stream=thread["stream"],
        attachments=list(page.attachments.select_related("document")),
        related_events=list(page.related_events.all()),
        tags=list(page.tags.all()),
    )
    return context
