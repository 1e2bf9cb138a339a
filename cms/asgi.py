"""ASGI entry point: HTTP to Django, WebSockets through origin and session checks
to the consumers each app declares in its ``routing.py``.

The origin check compares scheme, host and port (``cms.live.origin``), not the host
alone as Channels' ``AllowedHostsOriginValidator`` does."""

import asyncio
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from cms.live import routing as live_routing  # noqa: E402
from cms.live import tallies  # noqa: E402
from cms.live.origin import SameOriginValidator  # noqa: E402
from cms.search.lemmas import warm_up  # noqa: E402
from consultations import routing as consultations_routing  # noqa: E402
from events import routing as events_routing  # noqa: E402
from participation import routing as participation_routing  # noqa: E402

websocket_urlpatterns = [
    *live_routing.websocket_urlpatterns,
    *consultations_routing.websocket_urlpatterns,
    *events_routing.websocket_urlpatterns,
    *participation_routing.websocket_urlpatterns,
]

# The fallback lemmatiser loads for tens of seconds: not in the first search.
warm_up()

router = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)


async def application(scope, receive, send):
    # Tally snapshots wait on the server's event loop (cms.live.tallies).
    tallies.bind_loop(asyncio.get_running_loop())
    return await router(scope, receive, send)
