"""Fixtures for the comment thread.

The thread needs a target implementing participation.commentable.Commentable with
a real row for the generic relation. No test-only model exists in app code, so the
tests give ``cms.StandardPage`` the protocol's methods for the duration of a test
(monkeypatching the class, so every instance the app loads itself — through
``target_for`` or a "<ct>:<id>" form field — behaves the same). ``TargetState``
controls what those methods answer.
"""

from dataclasses import dataclass, field

import pytest
from django.utils.text import slugify

from cms.accounts.models import Department
from cms.accounts.permissions import has_role
from cms.accounts.roles import OFFICIALS
from cms.live.registry import register_stream, stream_name, unregister_stream
from cms.params import parse_id
from cms.permissions import can_view
from participation.permissions import acts_for_organisation

TEST_STREAM_PREFIX = "participationtest.thread"
NGO_ONLY_REASON = "Komentować mogą tylko organizacje pozarządowe."
CLOSED_REASON = "Konsultacje są zamknięte."


@dataclass
class TargetState:
    """What the fake Commentable answers; tests change it as they go."""

    closed: bool = False
    ngo_only: bool = False
    department: Department | None = None
    anchors: list = field(
        default_factory=lambda: [("", "Cały projekt"), ("p1", "§ 1"), ("p2", "§ 2")]
    )
    denied_calls: int = 0


@pytest.fixture
def target_state(monkeypatch):
    from cms.models import StandardPage

    state = TargetState()

    def comment_stream(self):
        return stream_name(TEST_STREAM_PREFIX, self.pk)

    def comment_denied_reason(self, user):
        state.denied_calls += 1
        if state.closed:
            return CLOSED_REASON
        if state.ngo_only and not acts_for_organisation(user):
            return NGO_ONLY_REASON
        return None

    def comment_anchor_choices(self):
        return list(state.anchors)

    def comment_anchor_label(self, anchor):
        return dict(state.anchors).get(anchor)

    def visible_to(self, viewer):
        # The real rule of generic pages: a test can unpublish or restrict the
        # target and see every endpoint refuse.
        return can_view(viewer, self)

    def official_may_answer(self, user):
        return has_role(user, OFFICIALS) and (
            state.department is None or user.department_id == state.department.pk
        )

    for name, method in {
        "comment_stream": comment_stream,
        "comment_denied_reason": comment_denied_reason,
        "comment_anchor_choices": comment_anchor_choices,
        "comment_anchor_label": comment_anchor_label,
        "official_may_answer": official_may_answer,
        "visible_to": visible_to,
    }.items():
        monkeypatch.setattr(StandardPage, name, method, raising=False)

    def can_read(viewer, key):
        page = StandardPage.objects.filter(pk=parse_id(key)).first()
        return page is not None and can_view(viewer, page)

    register_stream(TEST_STREAM_PREFIX, can_read)
    yield state
    unregister_stream(TEST_STREAM_PREFIX)


@pytest.fixture
def make_target(db, target_state):
    from wagtail.models import Site

    from cms.models import StandardPage

    def make(title="Projekt uchwały w sprawie zieleni"):
        root = Site.objects.get(is_default_site=True).root_page
        page = StandardPage(title=title, slug=slugify(title)[:40] + f"-{root.numchild}")
        root.add_child(instance=page)
        return StandardPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def target(make_target):
    return make_target()
