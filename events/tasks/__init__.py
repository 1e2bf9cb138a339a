"""Background tasks of the events app, one module per noun."""

from .registration import registration_notice_send

__all__ = ["registration_notice_send"]
