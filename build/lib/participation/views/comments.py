"""Writing: comments, replies, edits, withdrawal, support and reports."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cms.http import (
    answers_rate_limited,
    done,
    run_service,
    safe_next,
    wants_json,
)
from cms.visibility import viewer_for_request

from .. import permissions, services
from ..commentable import target_from_key
from ..forms import (
    CommentForm,
    EditForm,
    FlagForm,
    ReplyForm,
    SupportForm,
)
from ._common import (
    answers_denied,
    bad_request,
    comment_url,
    denied,
    form_context,
    invalid,
    load_comment,
    target_url,
)


# --- writing ----------------------------------------------------------------------
@require_POST
@answers_denied
def comment_create(request: HttpRequest) -> HttpResponse:
    target = target_from_key(
        request.POST.get("target", ""), viewer=viewer_for_request(request)
    )
    if target is None:
        return bad_request(request, _("This discussion does not exist."))
    reason = permissions.comment_denied_reason(request.user, target)
    if reason is not None:
        return denied(request, reason, target=target)
    form = CommentForm(
        request.POST,
        anchor_choices=target.comment_anchor_choices(),
        organisations=permissions.organisations_for(request.user),
        user=request.user,
        auto_id="id_comment_%s",
    )
    rate_limited = False
    if form.is_valid():
        data = form.cleaned_data
        comment, rate_limited = run_service(
            form,
            lambda: services.comment_create(
                viewer=viewer_for_request(request),
                author=request.user,
                target=target,
                text=data["text"],
                anchor=data.get("anchor") or "",
                proposed_wording=data["proposed_wording"],
                justification=data["justification"],
                on_behalf_of=data.get("on_behalf_of"),
            ),
        )
        if comment is not None:
            return done(
                request,
                _("Your comment has been published."),
                comment_url(request, comment, target),
                status=201,
                id=comment.pk,
            )
    context = form_context(
        request,
        None,
        target,
        title=_("Add a comment"),
        action=reverse("participation:comment_create"),
        submit=_("Publish comment"),
    )
    return invalid(request, form, context, rate_limited=rate_limited)


@require_POST
@answers_denied
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent, target = load_comment(request, pk)
    if not permissions.can_reply(request.user, parent, target):
        reason = permissions.comment_denied_reason(request.user, target)
        return denied(
            request, reason or _("You cannot reply to this comment."), target=target
        )
    form = ReplyForm(request.POST)
    rate_limited = False
    if form.is_valid():
        reply, rate_limited = run_service(
            form,
            lambda: services.comment_create(
                viewer=viewer_for_request(request),
                author=request.user,
                target=target,
                text=form.cleaned_data["text"],
                parent=parent,
            ),
        )
        if reply is not None:
            return done(
                request,
                _("Your reply has been published."),
                comment_url(request, reply, target),
                status=201,
                id=reply.pk,
                parent_id=reply.parent_id,
            )
    context = form_context(
        request,
        parent,
        target,
        title=_("Reply to a comment"),
        action=reverse("participation:comment_reply", args=[parent.pk]),
        submit=_("Publish reply"),
        quote=True,
    )
    return invalid(request, form, context, rate_limited=rate_limited)


@require_http_methods(["GET", "POST"])
@answers_denied
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = load_comment(request, pk)
    if not permissions.can_edit_comment(request.user, comment):
        return denied(request, _("You can no longer edit this comment."), target=target)
    is_reply = comment.parent_id is not None
    context = form_context(
        request,
        comment,
        target,
        title=_("Edit your comment"),
        action=reverse("participation:comment_edit", args=[comment.pk]),
        submit=_("Save changes"),
        # In the site's time zone, however the server's clock is set.
        edit_until=timezone.localtime(
            permissions.edit_deadline(comment), ZoneInfo(settings.TIME_ZONE)
        ),
    )
    if request.method == "GET":
        form = EditForm(
            initial={
                # What the author typed, not the HTML turned back into text.
                "text": comment.text_as_typed,
                "proposed_wording": comment.proposed_wording_as_typed,
                "justification": comment.justification_as_typed,
            },
            is_reply=is_reply,
        )
        return render(
            request, "participation/form_page.html", {"form": form, **context}
        )
    form = EditForm(request.POST, is_reply=is_reply)
    if form.is_valid():
        data = form.cleaned_data
        edited, rate_limited = run_service(
            form,
            lambda: services.comment_edit(
                viewer=viewer_for_request(request),
                user=request.user,
                comment=comment,
                text=data["text"],
                proposed_wording=data.get("proposed_wording", ""),
                justification=data.get("justification", ""),
            ),
        )
        if edited is not None:
            return done(
                request,
                _("Your comment has been changed."),
                comment_url(request, edited, target),
                id=edited.pk,
            )
        return invalid(request, form, context, rate_limited=rate_limited)
    return invalid(request, form, context)


@require_POST
@answers_denied
@answers_rate_limited
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = load_comment(request, pk)
    if not permissions.can_delete_comment(request.user, comment):
        return denied(request, _("You cannot delete this comment."), target=target)
    if not request.POST.get("confirm") and not wants_json(request):
        # Without JavaScript there is no confirm() dialog: ask on a page instead.
        return render(
            request,
            "participation/delete_confirm.html",
            {
                "comment": comment,
                "target": target,
                "next": safe_next(request, target_url(request, target)),
                "back_url": comment_url(request, comment, target),
            },
        )
    services.comment_delete(
        user=request.user, comment=comment, viewer=viewer_for_request(request)
    )
    return done(
        request,
        _("Your comment has been deleted."),
        comment_url(request, comment, target),
        id=comment.pk,
    )


@require_POST
@answers_denied
@answers_rate_limited
def comment_support(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = load_comment(request, pk)
    form = SupportForm(request.POST)
    if not form.is_valid():
        return bad_request(request, _("Invalid request."))
    support = form.cleaned_data["support"]
    count = services.comment_support(
        user=request.user,
        comment=comment,
        support=support,
        viewer=viewer_for_request(request),
    )
    label = ngettext("%(counter)s support", "%(counter)s supports", count) % {
        "counter": count
    }
    return done(
        request,
        _("You support this comment.") if support else _("You withdrew your support."),
        comment_url(request, comment, target),
        id=comment.pk,
        supported=support,
        support_count=count,
        label=label,
    )


@require_http_methods(["GET", "POST"])
@answers_denied
def comment_flag(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = load_comment(request, pk)
    if not permissions.can_flag(request.user, comment):
        if not permissions.has_verified_email(request.user):
            reason = permissions.comment_denied_reason(request.user, target)
        else:
            reason = _("You cannot report this comment.")
        return denied(request, reason, target=target)
    context = form_context(
        request,
        comment,
        target,
        title=_("Report a comment"),
        action=reverse("participation:comment_flag", args=[comment.pk]),
        submit=_("Send the report"),
        quote=True,
    )
    if request.method == "GET":
        context["form"] = FlagForm()
        return render(request, "participation/form_page.html", context)
    form = FlagForm(request.POST)
    rate_limited = False
    if form.is_valid():
        flag, rate_limited = run_service(
            form,
            lambda: services.comment_flag(
                viewer=viewer_for_request(request),
                user=request.user,
                comment=comment,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if flag is not None:
            return done(
                request,
                _("Thank you. The moderators will look at this comment."),
                comment_url(request, comment, target),
                id=comment.pk,
            )
    return invalid(request, form, context, rate_limited=rate_limited)
