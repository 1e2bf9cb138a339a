"""The WebSocket Origin check: a socket opens only from a page of the origin it
is addressed to, scheme, host and port alike, as browsers' same-origin rule
reads an origin.

Channels' ``AllowedHostsOriginValidator`` compares the host alone, so a page on
``http://site:8080`` (any other server on the same host name) or on plain
``http://`` beside the HTTPS site could open sockets that carry the visitor's
session cookie. Here the ``Origin`` must equal the request's own origin: the
``Host`` header, which must be one of ``ALLOWED_HOSTS``, under the scheme the
visitor used (from the proxy's ``SECURE_PROXY_SSL_HEADER`` when it is set, as
Django's ``request.is_secure()`` reads it; Daphne's WebSocket scope has no scheme
of its own behind a proxy).
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def parse_origin(value: str) -> Origin | None:
    """``(scheme, host, port)`` of an origin such as ``https://site:8443``, with
    the default port filled in; None for anything that is not a bare origin
    ("null", paths, credentials, other schemes)."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if "@" in parts.netloc or parts.path or parts.query or parts.fragment:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def _is_secure(scope, headers: dict[bytes, bytes]) -> bool:
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        name, secure_value = proxy_header
        name = name.removeprefix("HTTP_").replace("_", "-").lower().encode()
        value = headers.get(name, b"").decode("latin1")
        return value.split(",")[0].strip() == secure_value
    return scope.get("scheme") == "wss"


def own_origin(scope) -> Origin | None:
    """The origin a socket request is addressed to, or None when its Host is
    missing or not one the site answers to."""
    headers = dict(scope.get("headers", []))
    host = headers.get(b"host", b"").decode("latin1")
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    scheme = "https" if _is_secure(scope, headers) else "http"
    return parse_origin(f"{scheme}://{host}")


def is_same_origin(scope) -> bool:
    headers = dict(scope.get("headers", []))
    origin = headers.get(b"origin")
    if origin is None:
        return False
    expected = own_origin(scope)
    return expected is not None and parse_origin(origin.decode("latin1")) == expected


class SameOriginValidator:
    """ASGI middleware: passes a WebSocket on only if ``is_same_origin``, else
    refuses the handshake."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            raise ValueError("SameOriginValidator only guards WebSocket connections")
        if is_same_origin(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
