from django.conf import settings
from django.core.exceptions import DisallowedHost


def socket_origin(request) -> str:
    """The ws:// or wss:// origin of the request's own host, or "" when the host
    is not one the site answers to."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    # get_host() has checked the host against ALLOWED_HOSTS and its syntax, so it
    # cannot smuggle another directive into the policy.
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


class ContentSecurityPolicyMiddleware:
    """Sends the public Content-Security-Policy on every page but the Wagtail and
    Django admin, whose own scripts are inline."""

    exempt_prefixes = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.exempt_prefixes):
            origin = socket_origin(request)
            response.setdefault(
                "Content-Security-Policy",
                settings.CONTENT_SECURITY_POLICY_PUBLIC.format(
                    socket_origin=f" {origin}" if origin else ""
                ),
            )
        return response
