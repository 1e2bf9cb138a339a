import pytest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_live_server_answers_health_check(page):
    page.goto("/healthz")
    assert '"status": "ok"' in page.content()
