"""Who is asking: the user and session of a request or socket.

A deliberately small type so action handlers and permission functions get one
argument for "who", whether they serve a socket or (later) a view. The lead is
introducing the same idea for the visibility rule; the two are meant to merge.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class Viewer:
    """The scope's (or request's) user and session; ``session`` may be None."""

    user: Any
    session: Any = None

    @classmethod
    def from_scope(cls, scope: dict) -> Viewer:
        return cls(
            user=scope.get("user") or AnonymousUser(), session=scope.get("session")
        )

    def principal(self) -> str | None:
        """One stable name for the person: ``user:<pk>`` when signed in, else
        ``session:<hash of the session key>``; None for an anonymous visitor
        without a stored session.

        Touches the session store (the database): call it from sync code.
        """
        if getattr(self.user, "is_authenticated", False):
            return f"user:{self.user.pk}"
        session = self.session
        if session is None:
            return None
        # Loading is what tells a real session from a forged or expired cookie:
        # the store forgets a key it does not hold.
        session.items()
        key = session.session_key
        if not key:
            return None
        # Hashed: the receipts table and rate-limit keys should not hold a
        # working credential.
        return "session:" + hashlib.sha256(key.encode()).hexdigest()[:40]
