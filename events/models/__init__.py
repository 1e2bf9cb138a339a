"""Models of the events app, split by domain noun.

``pages`` holds the Wagtail page types (the index and one event, with its agenda
and facilitators); ``registration`` holds who comes; ``cafe`` the citizen café's tables,
rounds, seats, ideas and dots; ``jury`` the citizen jury's panel, strata,
addresses, applications, draw and seats. Later parts (the live
session, polls, questions, the citizen café, the jury) add their own modules
here and are re-exported below, so callers import from ``events.models``.
"""

from .cafe import (
    CafeDot,
    CafeIdea,
    CafeIdeaStatus,
    CafeRound,
    CafeRoundStatus,
    CafeSeat,
    CafeTable,
)
from .jury import (
    ApplicationStatus,
    ApplicationStream,
    DrawStatus,
    JuryAddress,
    JuryAnswer,
    JuryApplication,
    JuryDraw,
    JuryDrawFile,
    JuryInvitation,
    JuryPanel,
    JuryReplacement,
    JurySeat,
    JuryStratum,
    JuryStratumValue,
    SeatRole,
)
from .live import (
    Ballot,
    BallotChoice,
    EventGuest,
    LiveSession,
    Poll,
    PollKind,
    PollOption,
    PollStatus,
    Question,
    QuestionStatus,
    QuestionUpvote,
    SessionStatus,
)
from .pages import (
    EventAgendaItem,
    EventFacilitator,
    EventFormat,
    EventIndexPage,
    EventKind,
    EventPage,
)
from .registration import Registration, RegistrationStatus

__all__ = [
    "ApplicationStatus",
    "ApplicationStream",
    "DrawStatus",
    "JuryAddress",
    "JuryAnswer",
    "JuryApplication",
    "JuryDraw",
    "JuryDrawFile",
    "JuryInvitation",
    "JuryPanel",
    "JuryReplacement",
    "JurySeat",
    "JuryStratum",
    "JuryStratumValue",
    "SeatRole",
    "Ballot",
    "BallotChoice",
    "EventGuest",
    "LiveSession",
    "Poll",
    "PollKind",
    "PollOption",
    "PollStatus",
    "Question",
    "QuestionStatus",
    "QuestionUpvote",
    "SessionStatus",
    "CafeDot",
    "CafeIdea",
    "CafeIdeaStatus",
    "CafeRound",
    "CafeRoundStatus",
    "CafeSeat",
    "CafeTable",
    "EventAgendaItem",
    "EventFacilitator",
    "EventFormat",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "Registration",
    "RegistrationStatus",
]
