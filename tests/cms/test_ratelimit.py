from django.test import RequestFactory

from cms.ratelimit import client_ip


def test_client_ip_is_the_address_our_proxy_added():
    # nginx appends the peer it saw; Daphne made the leftmost entry REMOTE_ADDR.
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR="10.9.3.1",
        HTTP_X_FORWARDED_FOR="10.9.3.1, 192.0.2.1, 203.0.113.7",
    )
    assert client_ip(request) == "203.0.113.7"


def test_client_ip_without_a_proxy_is_the_peer():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.2")
    assert client_ip(request) == "198.51.100.2"
