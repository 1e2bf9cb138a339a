"""Client actions over the one live socket: apps register them, the consumer runs
them (frames in ``cms.live.consumers``).

An app declares its actions in ``AppConfig.ready()``::

    register_action(
        "polls.vote",
        handler=vote,          # (viewer, data) -> JSON result; calls one service
        permission=can_vote,   # (viewer, data) -> bool, or raises PermissionDenied
        form=VoteForm,         # optional: validates data; handlers get cleaned_data
        rate_limit=(10, 60),   # optional: 10 per 60 s per person, across sockets
        receipts=True,         # optional: False keeps no receipt (see below)
    )

A request is carried out in this order, in the database thread and in the
connection's language: the stored answer for its idempotency key, if any; the
action's rate limit; the form; then, in one transaction, the permission
function, the handler and the receipt for the key. Services check their own
permissions too: the permission function is the cheap early "no", not the only
guard.

``receipts=False`` is for an action whose trace must be as small as possible
(a secret ballot: a receipt would keep who acted and when, to the second). Its
idempotency keys are ignored: the service itself must make a repeat harmless
(a second ballot is refused).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cms.ratelimit import RATE_LIMITED, rate_limit_hit
from cms.visibility import Viewer

from .models import ActionReceipt

Handler = Callable[[Viewer, dict], Any]
Permission = Callable[[Viewer, dict], bool]

# "<app>.<verb>", lower case: "polls.vote", "jury.ballot_cast".
ACTION_NAME_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
ACTION_NAME_MAX_LENGTH = ActionReceipt._meta.get_field("action").max_length
# Request ids and idempotency keys: short tokens (a UUID fits), nothing to escape.
TOKEN_RE = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


@dataclass(frozen=True)
class Action:
    name: str
    handler: Handler
    permission: Permission
    form: type[forms.Form] | None = None
    rate_limit: tuple[int, int] | None = None
    receipts: bool = True


class ActionError(Exception):
    """An answer that is an error frame: ``code``, ``message``, per-field messages."""

    def __init__(self, code: str, message: str, fields: dict | None = None):
        super().__init__(code)
        self.code = code
        self.message = message
        self.fields = fields


_actions: dict[str, Action] = {}


def register_action(
    name: str,
    *,
    handler: Handler,
    permission: Permission,
    form: type[forms.Form] | None = None,
    rate_limit: tuple[int, int] | None = None,
    receipts: bool = True,
) -> None:
    """Let clients call ``name`` over the live socket (see the module docstring)."""
    if len(name) > ACTION_NAME_MAX_LENGTH or not ACTION_NAME_RE.fullmatch(name):
        raise ValueError(f"Invalid action name {name!r}: use '<app>.<verb>'")
    if name in _actions:
        # Two apps answering one name would be a silent takeover.
        raise ValueError(f"Action {name!r} is already registered")
    if rate_limit is not None:
        limit, period = rate_limit
        if limit < 1 or period < 1:
            raise ValueError(f"Invalid rate limit {rate_limit!r} for {name!r}")
    _actions[name] = Action(name, handler, permission, form, rate_limit, receipts)


def unregister_action(name: str) -> None:
    """Forget an action (for tests that register their own)."""
    _actions.pop(name, None)


def get_action(name: object) -> Action | None:
    return _actions.get(name) if isinstance(name, str) else None


def is_token(value: object) -> bool:
    return isinstance(value, str) and bool(TOKEN_RE.fullmatch(value))


def parse_request(content: dict) -> tuple[Action, dict, str | None]:
    """The action, data and key of a request frame; ActionError if unusable."""
    action = get_action(content.get("name"))
    if action is None:
        raise ActionError("unknown_action", _("Unknown action."))
    data = content.get("data", {})
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ActionError("malformed", _("'data' must be a JSON object."))
    key = content.get("key")
    if key is not None and not is_token(key):
        raise ActionError(
            "malformed",
            _("The idempotency key must be 1 to 64 letters, digits or -_.:"),
        )
    return action, data, key


def perform(
    action: Action,
    *,
    viewer: Viewer,
    data: dict,
    key: str | None,
    language: str,
    socket: str,
) -> Any:
    """Carry out one request and return its JSON result (sync: the database thread).

    ``socket`` names the connection, for the rate limit of a visitor without a
    session. Raises ActionError for every answer that is an error frame; any
    other exception is a bug the caller logs.
    """
    with translation.override(language):
        principal = viewer.principal()
        if not action.receipts:
            key = None
        if key is not None:
            if principal is None:
                # No session, no memory of earlier attempts: a key would promise
                # what cannot be kept.
                raise ActionError(
                    "session_required",
                    _("Reload the page or sign in, then try again."),
                )
            stored = _stored_answer(action, principal, key)
            if stored is not None:
                return stored[0]
        if action.rate_limit is not None:
            limit, period = action.rate_limit
            if not rate_limit_hit(
                f"live.action:{action.name}:{principal or socket}",
                limit=limit,
                period=period,
            ):
                raise ActionError(
                    "rate_limited", _("Too many requests, try again in a moment.")
                )
        try:
            cleaned = _clean(action, data)
            return _run(action, viewer, cleaned, principal, key)
        except PermissionDenied as error:
            raise ActionError(
                "forbidden", str(error) or _("You may not do this.")
            ) from None
        except ValidationError as error:
            raise _invalid(error) from None


def _clean(action: Action, data: dict) -> dict:
    if action.form is None:
        return data
    form = action.form(data=data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def _run(
    action: Action, viewer: Viewer, data: dict, principal: str | None, key: str | None
) -> Any:
    try:
        with transaction.atomic():
            if not action.permission(viewer, data):
                raise PermissionDenied
            result = action.handler(viewer, data)
            # Plain JSON now: the ack and a later replay of the receipt must match.
            result = json.loads(json.dumps(result, cls=DjangoJSONEncoder))
            if key is not None:
                ActionReceipt.objects.create(
                    principal=principal, key=key, action=action.name, result=result
                )
            return result
    except Exception:
        # A duplicate running at the same time (another socket, another process)
        # committed first: our writes are rolled back, and whatever stopped us
        # (the receipt's unique constraint, or the handler seeing the winner's
        # write) the person gets the winner's answer.
        if key is not None:
            stored = _stored_answer(action, principal, key)
            if stored is not None:
                return stored[0]
        raise


def _stored_answer(action: Action, principal: str, key: str) -> tuple[Any] | None:
    """``(result,)`` of an earlier request with this key, or None."""
    row = (
        ActionReceipt.objects.filter(principal=principal, key=key)
        .values_list("action", "result")
        .first()
    )
    if row is None:
        return None
    if row[0] != action.name:
        raise ActionError(
            "malformed", _("This idempotency key was used for another action.")
        )
    return (row[1],)


def _invalid(error: ValidationError) -> ActionError:
    if not hasattr(error, "error_dict") and any(
        item.code == RATE_LIMITED for item in error.error_list
    ):
        # A service's own write limit (settings.WRITE_RATE_LIMITS): the same
        # code as the action's limit, so clients handle both alike.
        return ActionError(RATE_LIMITED, " ".join(error.messages))
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            if field == NON_FIELD_ERRORS:
                general.extend(messages)
            else:
                fields[field] = messages
    else:
        general = error.messages
    message = " ".join(general) or _("Please correct the marked fields.")
    return ActionError("invalid", message, fields)
