"""The officials' queue in the site header: its link and how many comments
wait for an answer."""

from cms.accounts.permissions import is_official
from cms.context_processors import StaffQueue

from .selectors import awaiting_response_count


def awaiting_response(request) -> dict:
    return {
        "awaiting_response": StaffQueue(
            request.user, allowed=is_official, count=awaiting_response_count
        )
    }
