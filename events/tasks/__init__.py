"""Background tasks of the events app, one module per noun."""

from .changes import event_change_notice_send
from .jury import jury_draw_run, jury_letters_run
from .registration import registration_notice_send

__all__ = [
    "event_change_notice_send",
    "jury_draw_run",
    "jury_letters_run",
    "registration_notice_send",
]
