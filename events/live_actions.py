"""The live session's commands and the room's actions, in one table that both
the socket (``cms.live.actions``, registered in ``EventsConfig.ready``) and the
POST forms of the screens (``events.views.live``) use: one form and one
service per command, so both ways validate and refuse alike.

Socket actions (``{"action": "request", "name": "events.<command>", "data":
{...}}``), every facilitator command with ``"event": <pk>``:

  session_start, session_pause, session_resume, session_end   {}
  agenda_go       {"item": <agenda item pk>}
  timer_start     {"minutes": 0..240}   (0 clears the countdown)
  message_set     {"message": "<text, up to 280>"}
  guests_allow    {"allowed": true|false}
  poll_create     {"question": "...", "kind": "single|multiple",
                   "options": ["...", ...] or "one per line"}
  poll_open, poll_close, poll_reveal   {"poll": <pk>}
  question_pin    {"question": <pk>, "pinned": true|false}
  question_answer {"question": <pk>}
  question_hide   {"question": <pk>, "reason": "..."}

and the room's (participants and guests):

  vote            {"poll": <pk>, "options": [<option pk>, ...]}
  question_ask    {"event": <pk>, "text": "..."}
  question_upvote {"question": <pk>}

Each answers ``ack`` with ``{"ok": true}`` (and the new object's id), or an
error frame: ``forbidden`` for anyone but the event's facilitators (a
participant, a guest, an anonymous socket), ``invalid`` with field messages,
``rate_limited``. A vote or upvote given twice is ``invalid`` with code
"duplicate" in its message's place: votes need no idempotency key, the
database's one-per-participant constraint is the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.accounts.permissions import is_facilitator
from cms.live.actions import register_action
from cms.visibility import Viewer

from .models import EventPage, PollKind
from .services import live as services


class EventForm(forms.Form):
    event = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class AgendaForm(EventForm):
    item = forms.IntegerField(label=_("agenda item"), min_value=1)


class TimerForm(EventForm):
    minutes = forms.IntegerField(
        label=_("minutes"), min_value=0, max_value=services.TIMER_MAX_MINUTES
    )


class MessageForm(EventForm):
    message = forms.CharField(
        label=_("message to all"),
        max_length=services.MESSAGE_MAX_LENGTH,
        required=False,
    )


class GuestsForm(EventForm):
    allowed = forms.BooleanField(label=_("guests may join"), required=False)


class OptionsField(forms.Field):
    """Options as a JSON list or as lines of a textarea."""

    widget = forms.Textarea

    def to_python(self, value):
        if isinstance(value, list):
            lines = [str(item) for item in value if isinstance(item, str | int)]
        else:
            lines = str(value or "").splitlines()
        lines = [line.strip() for line in lines if line.strip()]
        if not 2 <= len(lines) <= services.POLL_MAX_OPTIONS:
            raise ValidationError(
                _("Give 2 to %(max)d options, one per line.")
                % {"max": services.POLL_MAX_OPTIONS}
            )
        return lines


class PollCreateForm(EventForm):
    question = forms.CharField(label=_("Question"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PollKind.choices, initial=PollKind.SINGLE
    )
    options = OptionsField(
        label=_("Options, one per line"), widget=forms.Textarea(attrs={"rows": 4})
    )


class PollForm(EventForm):
    poll = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class QuestionForm(EventForm):
    question = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class PinForm(QuestionForm):
    pinned = forms.BooleanField(required=False, widget=forms.HiddenInput)


class HideForm(QuestionForm):
    reason = forms.CharField(label=_("reason"), max_length=services.REASON_MAX_LENGTH)


# The room's forms.
class VoteForm(forms.Form):
    poll = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    options = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any ids: the service checks them against the poll's own options.
        raw = self.data.getlist("options") if hasattr(self.data, "getlist") else None
        values = raw if raw is not None else (self.data or {}).get("options") or []
        if not isinstance(values, list):
            values = [values]
        self.fields["options"].choices = [
            (v, v) for v in values if isinstance(v, int | str) and str(v).isdigit()
        ]


class AskForm(EventForm):
    text = forms.CharField(
        label=_("your question"),
        max_length=services.QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UpvoteForm(forms.Form):
    question = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


@dataclass(frozen=True)
class Command:
    form: type[forms.Form]
    run: Callable  # (facilitator, event, cleaned data) -> object
    done: str  # what the facilitator is told after a POST


def _event(data) -> EventPage:
    event = EventPage.objects.filter(pk=data["event"]).first()
    if event is None:
        raise ValidationError({"event": _("There is no such event.")})
    return event


COMMANDS: dict[str, Command] = {
    "session_start": Command(
        EventForm,
        lambda f, e, d: services.session_start(facilitator=f, event=e),
        _("The session has started."),
    ),
    "session_pause": Command(
        EventForm,
        lambda f, e, d: services.session_pause(facilitator=f, event=e),
        _("The session is paused."),
    ),
    "session_resume": Command(
        EventForm,
        lambda f, e, d: services.session_resume(facilitator=f, event=e),
        _("The session goes on."),
    ),
    "session_end": Command(
        EventForm,
        lambda f, e, d: services.session_end(facilitator=f, event=e),
        _("The session has ended."),
    ),
    "agenda_go": Command(
        AgendaForm,
        lambda f, e, d: services.agenda_go(facilitator=f, event=e, item_id=d["item"]),
        _("Moved to the agenda item."),
    ),
    "timer_start": Command(
        TimerForm,
        lambda f, e, d: services.timer_start(
            facilitator=f, event=e, minutes=d["minutes"]
        ),
        _("The countdown is set."),
    ),
    "message_set": Command(
        MessageForm,
        lambda f, e, d: services.message_set(
            facilitator=f, event=e, message=d["message"]
        ),
        _("The message is shown."),
    ),
    "guests_allow": Command(
        GuestsForm,
        lambda f, e, d: services.guests_allow(
            facilitator=f, event=e, allowed=d["allowed"]
        ),
        _("Guest access changed."),
    ),
    "poll_create": Command(
        PollCreateForm,
        lambda f, e, d: services.poll_create(
            facilitator=f,
            event=e,
            question=d["question"],
            kind=d["kind"],
            options=d["options"],
        ),
        _("The poll is ready; open it when the room should vote."),
    ),
    "poll_open": Command(
        PollForm,
        lambda f, e, d: services.poll_open(facilitator=f, event=e, poll_id=d["poll"]),
        _("The poll is open."),
    ),
    "poll_close": Command(
        PollForm,
        lambda f, e, d: services.poll_close(facilitator=f, event=e, poll_id=d["poll"]),
        _("The poll is closed."),
    ),
    "poll_reveal": Command(
        PollForm,
        lambda f, e, d: services.poll_reveal(facilitator=f, event=e, poll_id=d["poll"]),
        _("The results are shown."),
    ),
    "question_pin": Command(
        PinForm,
        lambda f, e, d: services.question_pin(
            facilitator=f, event=e, question_id=d["question"], pinned=d["pinned"]
        ),
        _("The question's place changed."),
    ),
    "question_answer": Command(
        QuestionForm,
        lambda f, e, d: services.question_answer(
            facilitator=f, event=e, question_id=d["question"]
        ),
        _("The question is marked answered."),
    ),
    "question_hide": Command(
        HideForm,
        lambda f, e, d: services.question_hide(
            facilitator=f, event=e, question_id=d["question"], reason=d["reason"]
        ),
        _("The question is hidden."),
    ),
}


def run_command(name: str, *, facilitator, data: dict):
    """Carry out a cleaned command: the event is looked up, the service does
    the rest (including whether this person facilitates it)."""
    command = COMMANDS[name]
    return command.run(facilitator, _event(data), data)


def _result(obj) -> dict:
    return {"ok": True, "id": getattr(obj, "pk", None)}


def _command_handler(name: str):
    def handler(viewer: Viewer, data: dict) -> dict:
        return _result(run_command(name, facilitator=viewer.user, data=data))

    return handler


def _may_command(viewer: Viewer, data: dict) -> bool:
    # The cheap early "no" (no event read): the service checks this event's
    # facilitators.
    return is_facilitator(viewer.user)


def _anyone(viewer: Viewer, data: dict) -> bool:
    # Who takes part depends on the event: the services ask participant_for.
    return True


def _vote(viewer: Viewer, data: dict) -> dict:
    ballot = services.ballot_cast(
        viewer=viewer, poll_id=data["poll"], option_ids=data["options"]
    )
    return {
        "ok": True,
        "poll": data["poll"],
        "options": data["options"],
        "id": ballot.pk,
    }


def _ask(viewer: Viewer, data: dict) -> dict:
    return _result(
        services.question_ask(viewer=viewer, event=_event(data), text=data["text"])
    )


def _upvote(viewer: Viewer, data: dict) -> dict:
    question = services.question_upvote(viewer=viewer, question_id=data["question"])
    return {"ok": True, "id": question.pk}


def register() -> None:
    """Called once from ``EventsConfig.ready``."""
    for name, command in COMMANDS.items():
        register_action(
            f"events.{name}",
            handler=_command_handler(name),
            permission=_may_command,
            form=command.form,
        )
    register_action("events.vote", handler=_vote, permission=_anyone, form=VoteForm)
    register_action(
        "events.question_ask", handler=_ask, permission=_anyone, form=AskForm
    )
    register_action(
        "events.question_upvote", handler=_upvote, permission=_anyone, form=UpvoteForm
    )
