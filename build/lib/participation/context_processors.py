"""The moderation queue in the site header: its link and open reports."""

from cms.context_processors import StaffQueue

from .permissions import can_moderate
from .selectors import open_flag_count


def moderation_queue(request) -> dict:
    return {
        "moderation_queue": StaffQueue(
            request.user, allowed=can_moderate, count=lambda _user: open_flag_count()
        )
    }
