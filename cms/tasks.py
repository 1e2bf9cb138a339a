"""Enqueuing background tasks from services.

A service enqueues after its transaction commits, never inside it: a rolled-back
write must enqueue nothing, and a task that starts before the commit would not see
the rows it was given the ids of. Tasks take ids (JSON) and load what they need.
"""

import logging

from django.db import transaction
from django_tasks.base import Task

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, /, **kwargs) -> None:
    """Enqueue ``task(**kwargs)`` once the current transaction commits (at once
    outside one)."""

    def enqueue() -> None:
        task.enqueue(**kwargs)

    # robust: the write has committed; a queue that cannot take the task must not
    # turn it into an error page. The failure is logged.
    transaction.on_commit(enqueue, robust=True)
