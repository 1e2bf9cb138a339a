"""Moderators: hiding, restoring, dismissing reports, the queue."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.http import done, run_service, safe_next
from cms.visibility import viewer_for_request

from .. import permissions, selectors, services
from ..commentable import target_for
from ..forms import (
    HideForm,
    ReasonForm,
)
from ..selectors import COMMENT_PARAM
from ._common import (
    answers_denied,
    comment_url,
    denied,
    form_context,
    invalid,
    load_comment,
    target_url,
)


# --- moderation -------------------------------------------------------------------
def _moderator_action(
    request: HttpRequest,
    pk: int,
    *,
    form_class,
    service,
    url_name: str,
    denied_message: str,
    title: str,
    submit: str,
    done_message: str,
    done_url=None,
) -> HttpResponse:
    """One moderator action on one comment: the form page (GET), or the service
    called with the moderator, the comment and the given reason (POST). Hiding,
    restoring and dismissing reports differ only in these arguments."""
    comment, target = load_comment(request, pk)
    if not permissions.can_moderate(request.user):
        return denied(request, denied_message, target=target)
    context = form_context(
        request,
        comment,
        target,
        title=title,
        action=reverse(url_name, args=[comment.pk]),
        submit=submit,
        quote=True,
        show_hidden_text=True,
    )
    if request.method == "GET":
        context["form"] = form_class()
        return render(request, "participation/form_page.html", context)
    form = form_class(request.POST)
    if form.is_valid():
        result, _limited = run_service(
            form,
            lambda: service(
                moderator=request.user,
                viewer=viewer_for_request(request),
                comment=comment,
                reason=form.cleaned_data["reason"],
            ),
        )
        if result is not None:
            url = (
                done_url(request) if done_url else comment_url(request, comment, target)
            )
            return done(request, done_message, url, id=comment.pk)
    return invalid(request, form, context)


@require_http_methods(["GET", "POST"])
@answers_denied
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderator_action(
        request,
        pk,
        form_class=HideForm,
        service=services.comment_hide,
        url_name="participation:comment_hide",
        denied_message=_("Only moderators can hide comments."),
        title=_("Hide a comment"),
        submit=_("Hide the comment"),
        done_message=_("The comment has been hidden and its author informed."),
    )


@require_POST
@answers_denied
def comment_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderator_action(
        request,
        pk,
        form_class=ReasonForm,
        service=services.comment_unhide,
        url_name="participation:comment_unhide",
        denied_message=_("Only moderators can restore comments."),
        title=_("Restore a hidden comment"),
        submit=_("Make visible again"),
        done_message=_("The comment is visible again."),
    )


@require_POST
@answers_denied
def comment_flags_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderator_action(
        request,
        pk,
        form_class=ReasonForm,
        service=services.comment_flags_dismiss,
        url_name="participation:comment_flags_dismiss",
        denied_message=_("Only moderators can dismiss reports."),
        title=_("Dismiss reports"),
        submit=_("Dismiss the reports"),
        done_message=_("The reports have been dismissed."),
        done_url=lambda request: safe_next(
            request, reverse("participation:moderation_queue")
        ),
    )


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
            f"{target_url(request, target)}?{COMMENT_PARAM}={comment.pk}"
            f"#comment-{comment.pk}"
            if target
            else ""
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
