"""Reads of a jury's deliberation: the recommendations with their voters,
results and responses, the expert hearings, and the payloads of live frames.

A tally's counts leave here only for a closed vote: while a vote is open,
every screen (the facilitators' included) gets the number of voters alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from wagtail.documents import get_document_model

from ..models import (
    DraftingStatus,
    EventAgendaItem,
    EventPage,
    JuryPanel,
    JuryRecommendation,
    JuryRecommendationVersion,
    JuryVoteRecord,
    VoteStatus,
)


def recommendations_for_jury(
    jury: JuryPanel, *, with_history: bool = False
) -> QuerySet[JuryRecommendation]:
    """The jury's recommendations in number order, with the number of voters,
    the tally, the response and the proposer in the same few queries whatever
    their count."""
    queryset = (
        JuryRecommendation.objects.filter(jury=jury)
        .select_related("tally", "response", "proposed_by")
        .annotate(voters=Count("vote_records"))
        .order_by("number")
    )
    if with_history:
        queryset = queryset.prefetch_related(
            Prefetch(
                "versions",
                queryset=JuryRecommendationVersion.objects.select_related(
                    "author"
                ).order_by("number"),
            )
        )
    return queryset


def result_of(recommendation: JuryRecommendation) -> dict | None:
    """The counts and the decision, for a closed vote only."""
    if recommendation.vote_status != VoteStatus.CLOSED:
        return None
    tally = getattr(recommendation, "tally", None)
    yes, no, abstain = (tally.yes, tally.no, tally.abstain) if tally else (0, 0, 0)
    counted = yes + no + (abstain if recommendation.abstentions_counted else 0)
    return {
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "counted": counted,
        "yes_percent": round(yes * 100 / counted) if counted else 0,
        "passed": bool(recommendation.passed),
        "threshold_percent": recommendation.threshold_percent,
        "abstentions_counted": bool(recommendation.abstentions_counted),
    }


def _voters(recommendation: JuryRecommendation) -> int:
    voters = getattr(recommendation, "voters", None)
    if voters is None:
        voters = recommendation.vote_records.count()
    return voters


def recommendation_payload(recommendation: JuryRecommendation) -> dict:
    """The ``jury.recommendation`` frame (events/jury_votes_live_events.py)."""
    return {
        "id": recommendation.pk,
        "number": recommendation.number,
        "title": recommendation.title,
        "vote_status": recommendation.vote_status,
        "voters": _voters(recommendation),
        "result": result_of(recommendation),
    }


def voters_snapshot(stream: str, keys: set) -> dict:
    """The coalesced ``jury.voters`` frame: how many have voted on each
    recommendation named in ``keys``."""
    rows = (
        JuryVoteRecord.objects.filter(recommendation_id__in=keys)
        .values("recommendation_id")
        .annotate(n=Count("id"))
    )
    counts = {str(key): 0 for key in keys}
    for row in rows:
        counts[str(row["recommendation_id"])] = row["n"]
    return {"recommendations": counts}


def voted_ids(user, jury: JuryPanel) -> set[int]:
    """The recommendations ``user`` has voted on (their own view only)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        JuryVoteRecord.objects.filter(
            recommendation__jury=jury, juror_id=user.pk
        ).values_list("recommendation_id", flat=True)
    )


def drafting_of(jury: JuryPanel) -> str:
    deliberation = getattr(jury, "deliberation", None)
    return deliberation.drafting if deliberation else DraftingStatus.NOT_STARTED


def hearings_for_event(event: EventPage) -> list[EventAgendaItem]:
    """The expert hearings among the jury event's agenda items, in order,
    each with ``documents`` (its materials; one query for all of them)."""
    items = list(
        EventAgendaItem.objects.filter(page=event, is_hearing=True).order_by(
            "sort_order", "pk"
        )
    )
    ids = {
        block["value"]
        for item in items
        for block in item.materials.raw_data
        if block.get("type") == "document" and isinstance(block.get("value"), int)
    }
    documents = get_document_model().objects.in_bulk(ids) if ids else {}
    for item in items:
        item.documents = [
            documents[block["value"]]
            for block in item.materials.raw_data
            if block.get("value") in documents
        ]
    return items


@dataclass
class JuryVotesView:
    """What the jury's pages show of its deliberation."""

    jury: JuryPanel
    drafting: str
    recommendations: list = field(default_factory=list)
    hearings: list = field(default_factory=list)
    voted: set = field(default_factory=set)

    @property
    def votes_started(self) -> bool:
        """Drafting cannot reopen once a vote has opened."""
        return any(r.vote_status != VoteStatus.DRAFT for r in self.recommendations)


def jury_votes_view(
    event: EventPage, user=None, *, with_history: bool = False
) -> JuryVotesView | None:
    """The jury's recommendations, each with ``result`` (closed votes only),
    and whether ``user`` has voted on it; None if the event has no jury."""
    jury = (
        JuryPanel.objects.filter(event_id=event.pk)
        .select_related("deliberation", "event")
        .first()
    )
    if jury is None:
        return None
    recommendations = list(recommendations_for_jury(jury, with_history=with_history))
    voted = voted_ids(user, jury) if user is not None else set()
    for recommendation in recommendations:
        recommendation.result = result_of(recommendation)
        recommendation.has_voted = recommendation.pk in voted
    return JuryVotesView(
        jury=jury,
        drafting=drafting_of(jury),
        recommendations=recommendations,
        hearings=hearings_for_event(event),
        voted=voted,
    )
