"""Moderators: hiding, restoring, dismissing reports, the queue."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import permissions, selectors, services
from ..commentable import target_for
from ..forms import (
    HideForm,
    ReasonForm,
)
from ._common import (
    answers_denied,
    comment_url,
    denied,
    done,
    form_context,
    invalid,
    load_comment,
    run_service,
    safe_next,
    target_url,
)


# --- moderation -------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@answers_denied
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = load_comment(pk)
    if not permissions.can_moderate(request.user):
        return denied(request, _("Only moderators can hide comments."), target=target)
    context = form_context(
        request,
        comment,
        target,
        title=_("Hide a comment"),
        action=reverse("participation:comment_hide", args=[comment.pk]),
        submit=_("Hide the comment"),
        quote=True,
        show_hidden_text=True,
    )
    if request.method == "GET":
        context["form"] = HideForm()
        return render(request, "participation/form_page.html", context)
    form = HideForm(request.POST)
    if form.is_valid():
        hidden, _limited = run_service(
            form,
            lambda: services.comment_hide(
                moderator=request.user,
                comment=comment,
                reason=form.cleaned_data["reason"],
            ),
        )
        if hidden is not None:
            return done(
                request,
                _("The comment has been hidden and its author informed."),
                comment_url(request, comment, target),
                id=comment.pk,
            )
    return invalid(request, form, context)


@require_POST
@answers_denied
def comment_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = load_comment(pk)
    if not permissions.can_moderate(request.user):
        return denied(
            request, _("Only moderators can restore comments."), target=target
        )
    form = ReasonForm(request.POST)
    if form.is_valid():
        restored, _limited = run_service(
            form,
            lambda: services.comment_unhide(
                moderator=request.user,
                comment=comment,
                reason=form.cleaned_data["reason"],
            ),
        )
        if restored is not None:
            return done(
                request,
                _("The comment is visible again."),
                comment_url(request, comment, target),
                id=comment.pk,
            )
    context = form_context(
        request,
        comment,
        target,
        title=_("Restore a hidden comment"),
        action=reverse("participation:comment_unhide", args=[comment.pk]),
        submit=_("Make visible again"),
        quote=True,
        show_hidden_text=True,
    )
    return invalid(request, form, context)


@require_POST
@answers_denied
def comment_flags_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = load_comment(pk)
    if not permissions.can_moderate(request.user):
        return denied(request, _("Only moderators can dismiss reports."), target=target)
    form = ReasonForm(request.POST)
    if form.is_valid():
        dismissed, _limited = run_service(
            form,
            lambda: services.comment_flags_dismiss(
                moderator=request.user,
                comment=comment,
                reason=form.cleaned_data["reason"],
            ),
        )
        if dismissed is not None:
            return done(
                request,
                _("The reports have been dismissed."),
                safe_next(request, reverse("participation:moderation_queue")),
                id=comment.pk,
            )
    context = form_context(
        request,
        comment,
        target,
        title=_("Dismiss reports"),
        action=reverse("participation:comment_flags_dismiss", args=[comment.pk]),
        submit=_("Dismiss the reports"),
        quote=True,
        show_hidden_text=True,
    )
    return invalid(request, form, context)


@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Reported comments first (with the reasons), then recent and hidden ones, and
    the moderation log."""
    if not permissions.is_signed_in(request.user):
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if not permissions.can_moderate(request.user):
        return denied(request, _("Only moderators can see this page."))
    flagged = selectors.comments_flagged()
    recent = selectors.comments_recent()
    hidden = selectors.comments_hidden()
    for comment in [*flagged, *recent, *hidden]:
        # The selectors prefetched the targets: no query per comment here.
        target = target_for(comment)
        comment.target_title = getattr(target, "title", "") if target else ""
        comment.target_url = (
            f"{target_url(request, target)}#comment-{comment.pk}" if target else ""
        )
    return render(
        request,
        "participation/moderation_queue.html",
        {
            "flagged": flagged,
            "recent": recent,
            "hidden": hidden,
            "log": selectors.moderation_log(),
            "next": request.get_full_path(),
        },
    )
