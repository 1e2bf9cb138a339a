"""Background task of a citizen jury: the draw (``services.jury_draw``), which
can take tens of seconds for a large pool and so never runs in a request."""

from django_tasks import task

from ..services.jury_draw import jury_draw_run as run


@task()
def jury_draw_run(*, draw_id: int) -> str:
    """Run the queued draw ``draw_id``; returns its final status."""
    return run(draw_id=draw_id)
