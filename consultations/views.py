"""Public views of consultations: the page's context, following."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.params import parse_id
from participation.views import thread_context

from . import selectors, services
from .act_diff import diff_provisions, inline_diff_html
from .models import ConsultationPage
from .permissions import can_follow


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


def _thread_context(request, page: ConsultationPage) -> dict:
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
    comments = selectors.comments_on_anchors(
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


def consultation_page_context(request, page: ConsultationPage) -> dict:
    """Everything the consultation page shows, in a constant number of queries
    (whatever the number of provisions, versions or comments)."""
    if page.pk is None:
        # Preview of a page not saved yet: no act, no comments to show.
        return {"following": False, "can_follow": False, "versions": []}
    versions = selectors.versions_published(consultation=page)
    current = versions[-1] if versions else None
    page._current_version_cache = current
    selected = current
    requested = parse_id(request.GET.get("wersja", ""))
    if requested is not None:
        selected = next((v for v in versions if v.number == requested), current)
    provisions = selectors.version_provisions(version=selected) if selected else []
    if selected is not None and selected is current:
        page._current_provisions_cache = provisions
    previous = None
    changes: list[dict] = []
    if selected is not None and versions.index(selected) > 0:
        previous = versions[versions.index(selected) - 1]
        old = selectors.version_provisions(version=previous)
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
        following=selectors.is_following(user=request.user, consultation=page),
        can_follow=can_follow(request.user, page),
        live_stream=thread["stream"],
        attachments=list(page.attachments.select_related("document")),
        related_events=list(page.related_events.all()),
        tags=list(page.tags.all()),
    )
    return context


def _back(request, page: ConsultationPage) -> HttpResponseRedirect:
    return HttpResponseRedirect(page.get_url(request) or "/")


@require_POST
@login_required
def follow(request, pk: int):
    page = get_object_or_404(ConsultationPage.objects.live().public(), id=pk)
    if can_follow(request.user, page):
        services.consultation_follow(user=request.user, consultation=page)
        messages.success(
            request,
            _("You follow this consultation: we will e-mail you about its changes."),
        )
    return _back(request, page)


@require_POST
@login_required
def unfollow(request, pk: int):
    page = get_object_or_404(ConsultationPage.objects.live().public(), id=pk)
    services.consultation_unfollow(user=request.user, consultation=page)
    messages.success(request, _("You no longer follow this consultation."))
    return _back(request, page)
