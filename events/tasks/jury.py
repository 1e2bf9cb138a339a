"""Background tasks of a citizen jury: the draw (``services.jury_draw``), which
can take tens of seconds for a large pool, and the print run of the invitation
letters (``services.jury_letters``), minutes for thousands of letters; neither
ever runs in a request."""

from django_tasks import task

from ..services.jury_draw import jury_draw_run as run
from ..services.jury_letters import jury_letters_run as print_letters


@task()
def jury_draw_run(*, draw_id: int) -> str:
    """Run the queued draw ``draw_id``; returns its final status."""
    return run(draw_id=draw_id)


@task()
def jury_letters_run(*, run_id: int, generation: int) -> str:
    """Print the queued letters run ``run_id`` (if it is still ``generation``);
    returns its final status."""
    return print_letters(run_id=run_id, generation=generation)
