"""Background tasks of the events app, one module per noun."""

from .changes import event_change_notice_send
from .registration import registration_notice_send

__all__ = ["event_change_notice_send", "registration_notice_send"]
