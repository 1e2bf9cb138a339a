from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cms.ratelimit import rate_limit_hit

from . import selectors, services
from .forms import AccountDeleteForm, ProfileForm

# Password guesses on the deletion form, per user.
DELETE_ATTEMPTS = (5, 300)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, initial=ProfileForm.initial_for(user))
        if form.is_valid():
            services.user_profile_update(user=user, **form.cleaned_data)
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user))
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "role_labels": selectors.user_role_labels(user),
            "email_addresses": selectors.user_email_addresses(user),
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
@require_GET
def data_export(request):
    data = selectors.user_export_data(request.user)
    response = JsonResponse(
        data, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = f"wspolnie-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    user = request.user
    bound_data = request.POST if request.method == "POST" else None
    form = AccountDeleteForm(bound_data, user=user)
    if form.is_bound:
        limit, period = DELETE_ATTEMPTS
        if not rate_limit_hit(f"account-delete:{user.pk}", limit=limit, period=period):
            form.add_error(None, _("Too many attempts. Please try again later."))
        elif form.is_valid():
            services.user_delete(user=user)
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("wagtail_serve", "")
    return render(
        request,
        "accounts/delete.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
