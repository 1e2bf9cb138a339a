"""Enqueuing background tasks from services.

A service enqueues after its transaction commits, never inside it: a rolled-back
write must enqueue nothing, and a task that starts before the commit would not see
the rows it was given the ids of. Tasks take ids (JSON) and load what they need.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django_tasks.base import Task

logger = logging.getLogger(__name__)

_held: ContextVar[bool] = ContextVar("cms_tasks_held", default=False)


@contextmanager
def tasks_held() -> Iterator[None]:
    """Services called inside enqueue no task (today every such task is an
    e-mail). For writes that tell no one: ``seed_demo``'s comments, replies and
    answers are a story dated weeks back, and nobody is to be mailed about it."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def enqueue_on_commit(task: Task, /, **kwargs) -> None:
    """Enqueue ``task(**kwargs)`` once the current transaction commits (at once
    outside one); nothing inside :func:`tasks_held`."""
    if _held.get():
        return

    def enqueue() -> None:
        task.enqueue(**kwargs)

    # robust: the write has committed; a queue that cannot take the task must not
    # turn it into an error page. The failure is logged.
    transaction.on_commit(enqueue, robust=True)
