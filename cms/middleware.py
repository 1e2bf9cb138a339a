from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends the public Content-Security-Policy on every page but the Wagtail and
    Django admin, whose own scripts are inline."""

    exempt_prefixes = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.exempt_prefixes):
            response.setdefault(
                "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY_PUBLIC
            )
        return response
