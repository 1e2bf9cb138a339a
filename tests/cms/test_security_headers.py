"""Headers every public page carries."""

import pytest

from cms.middleware import socket_origin

pytestmark = pytest.mark.django_db


def connect_src(response) -> str:
    policy = response["Content-Security-Policy"]
    directive = next(
        part.strip() for part in policy.split(";") if "connect-src" in part
    )
    return directive


def test_csp_lets_pages_open_sockets_to_their_own_origin_only(client):
    response = client.get("/healthz")
    # 'self' for browsers that apply it to ws(s) (CSP Level 3), the explicit
    # origin for older Safari; never any host with a ws: or wss: scheme.
    assert connect_src(response) == "connect-src 'self' ws://testserver"


def test_csp_names_the_secure_socket_origin_over_https(client):
    response = client.get("/healthz", secure=True, HTTP_HOST="localhost:8443")
    assert connect_src(response) == "connect-src 'self' wss://localhost:8443"


def test_no_socket_origin_for_a_host_the_site_does_not_answer_to(rf):
    assert socket_origin(rf.get("/", HTTP_HOST="evil.example")) == ""
    assert socket_origin(rf.get("/", HTTP_HOST="testserver;script-src *")) == ""


def test_pages_are_sent_with_nosniff(client):
    assert client.get("/healthz")["X-Content-Type-Options"] == "nosniff"
