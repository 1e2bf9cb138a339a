"""Writes of a jury's deliberation: drafting opened and closed, recommendations
proposed and amended, votes opened, cast and closed, the mayor's responses.

Each service checks permission, validates, writes and publishes on the event's
stream in one transaction, in that order. Everything touching a
recommendation's vote locks the recommendation's row first, so a vote and the
close, or two phones of one juror, run one after the other. Refusals raise
PermissionDenied with the reason; invalid input ValidationError keyed by
form field. How a vote stays secret: ``events.models.jury_votes``.
"""

from __future__ import annotations

import bleach
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.live.tallies import tally_changed
from cms.ratelimit import check_write_rate
from participation.models.responses import Decision

from .. import jury_votes_live_events as live
from ..jury_votes_permissions import (
    can_respond,
    can_run_jury,
    is_jury,
    juror_denied_reason,
)
from ..models import (
    DraftingStatus,
    JuryDeliberation,
    JuryPanel,
    JuryRecommendation,
    JuryRecommendationResponse,
    JuryRecommendationVersion,
    JuryTally,
    JuryVoteRecord,
    VoteOption,
    VoteStatus,
)
from ..models.jury_votes import (
    REASONING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from ..selectors.jury_votes import recommendation_payload


def recommendation_passes(
    *, yes: int, no: int, abstain: int, threshold_percent: int, abstentions_count: bool
) -> bool:
    """Whether "yes" reaches ``threshold_percent`` of the jurors voting on it.
    Abstentions are votes (and weigh like "no") only if the jury says so. In
    integers, so exactly 80 % passes at 80; nobody voting passes nothing."""
    counted = yes + no + (abstain if abstentions_count else 0)
    if counted == 0:
        return False
    return yes * 100 >= threshold_percent * counted


# --- helpers ------------------------------------------------------------------------
def _plain(value: str) -> str:
    return bleach.clean(value or "", tags=set(), strip=True).strip()


def _clean_wording(title: str, text: str) -> tuple[str, str]:
    title = " ".join(_plain(title).split())
    text = _plain(text)
    errors = {}
    if not title:
        errors["title"] = ValidationError(
            _("Give the recommendation a title."), code="required"
        )
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = ValidationError(
            _("Write at most %(limit)d characters.") % {"limit": TITLE_MAX_LENGTH},
            code="max_length",
        )
    if not text:
        errors["text"] = ValidationError(
            _("Write the recommendation."), code="required"
        )
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = ValidationError(
            _("Write at most %(limit)d characters.") % {"limit": TEXT_MAX_LENGTH},
            code="max_length",
        )
    if errors:
        raise ValidationError(errors)
    return title, text


def _check_runs(user, jury: JuryPanel) -> None:
    if not is_jury(jury.event):
        raise PermissionDenied(_("This event is not a citizen jury."))
    if not can_run_jury(user, jury.event):
        raise PermissionDenied(_("Only the event's facilitators run the jury."))


def _check_juror(user, jury: JuryPanel) -> None:
    reason = juror_denied_reason(user, jury)
    if reason:
        raise PermissionDenied(reason)


def _lock_deliberation(jury: JuryPanel) -> JuryDeliberation:
    JuryDeliberation.objects.get_or_create(jury=jury)
    return JuryDeliberation.objects.select_for_update().get(jury=jury)


def _lock(recommendation: JuryRecommendation) -> JuryRecommendation:
    locked = (
        JuryRecommendation.objects.select_for_update(of=("self",))
        .select_related("jury__event")
        .get(pk=recommendation.pk)
    )
    return locked


def _published(recommendation: JuryRecommendation) -> None:
    event = recommendation.jury.event
    publish(
        event.live_stream(),
        live.RECOMMENDATION,
        recommendation_payload(recommendation),
    )


# --- drafting -----------------------------------------------------------------------
@transaction.atomic
def jury_drafting_set(*, user, jury: JuryPanel, open: bool) -> JuryDeliberation:
    """A facilitator opens drafting, or closes it (no more proposals or
    amendments; votes can then be opened). Closed drafting may be reopened
    while no vote has opened."""
    _check_runs(user, jury)
    check_write_rate("event_command", user=user)
    deliberation = _lock_deliberation(jury)
    now = timezone.now()
    if open:
        if jury.recommendations.exclude(vote_status=VoteStatus.DRAFT).exists():
            raise ValidationError(
                _("Votes have started: the wording can no longer change.")
            )
        deliberation.drafting = DraftingStatus.OPEN
        deliberation.drafting_opened_at = now
    else:
        if deliberation.drafting != DraftingStatus.OPEN:
            raise ValidationError(_("Drafting is not open."))
        deliberation.drafting = DraftingStatus.CLOSED
        deliberation.drafting_closed_at = now
    deliberation.save()
    publish(
        jury.event.live_stream(), live.DRAFTING, {"drafting": deliberation.drafting}
    )
    return deliberation


def _check_drafting(jury: JuryPanel) -> None:
    deliberation = _lock_deliberation(jury)
    if deliberation.drafting != DraftingStatus.OPEN:
        raise ValidationError(
            _("Drafting is closed: recommendations can no longer be changed.")
        )


@transaction.atomic
def recommendation_propose(
    *, user, jury: JuryPanel, title: str, text: str
) -> JuryRecommendation:
    """A juror proposes a recommendation while drafting is open; it gets the
    next number and its first wording in the history."""
    _check_juror(user, jury)
    title, text = _clean_wording(title, text)
    check_write_rate("comment", user=user)
    _check_drafting(jury)  # locks the deliberation: numbers are handed out in turn
    number = (jury.recommendations.aggregate(n=Max("number"))["n"] or 0) + 1
    recommendation = JuryRecommendation.objects.create(
        jury=jury, number=number, title=title, text=text, proposed_by=user
    )
    JuryRecommendationVersion.objects.create(
        recommendation=recommendation, number=1, title=title, text=text, author=user
    )
    _published(recommendation)
    return recommendation


@transaction.atomic
def recommendation_amend(
    *, user, recommendation: JuryRecommendation, title: str, text: str
) -> JuryRecommendation:
    """A juror amends a recommendation while drafting is open; the earlier
    wordings stay in its history."""
    jury = recommendation.jury
    _check_juror(user, jury)
    title, text = _clean_wording(title, text)
    check_write_rate("edit", user=user)
    _check_drafting(jury)
    recommendation = _lock(recommendation)
    if recommendation.title == title and recommendation.text == text:
        raise ValidationError({"text": _("The amendment changes nothing.")})
    number = (recommendation.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    JuryRecommendationVersion.objects.create(
        recommendation=recommendation,
        number=number,
        title=title,
        text=text,
        author=user,
    )
    recommendation.title, recommendation.text = title, text
    recommendation.save(update_fields=["title", "text"])
    _published(recommendation)
    return recommendation


# --- votes --------------------------------------------------------------------------
@transaction.atomic
def vote_open(*, user, recommendation: JuryRecommendation) -> JuryRecommendation:
    """A facilitator puts a recommendation to the vote, once drafting is
    closed (jurors vote on a wording that can no longer change)."""
    _check_runs(user, recommendation.jury)
    check_write_rate("event_command", user=user)
    deliberation = _lock_deliberation(recommendation.jury)
    recommendation = _lock(recommendation)
    if deliberation.drafting != DraftingStatus.CLOSED:
        raise ValidationError(_("Close drafting before the votes."))
    if recommendation.vote_status != VoteStatus.DRAFT:
        raise ValidationError(_("This recommendation has been put to the vote."))
    recommendation.vote_status = VoteStatus.OPEN
    recommendation.vote_opened_at = timezone.now()
    recommendation.save(update_fields=["vote_status", "vote_opened_at"])
    # Made now rather than by the first vote: its creation tells nothing.
    JuryTally.objects.create(recommendation=recommendation)
    _published(recommendation)
    return recommendation


@transaction.atomic
def vote_cast(*, user, recommendation: JuryRecommendation, option: str) -> int:
    """A juror votes, once, secretly: one counter goes up and a record says
    that they voted, on which day (``events.models.jury_votes``). Returns the
    number of jurors who have voted."""
    jury = recommendation.jury
    _check_juror(user, jury)
    if option not in VoteOption.values:
        raise ValidationError(
            {"option": _("Choose yes, no or abstain.")}, code="invalid"
        )
    check_write_rate("event_vote", user=user)
    recommendation = _lock(recommendation)
    if recommendation.vote_status != VoteStatus.OPEN:
        raise ValidationError(_("Voting on this recommendation is not open."))
    if JuryVoteRecord.objects.filter(
        recommendation=recommendation, juror=user
    ).exists():
        raise ValidationError(_("You have already voted on this recommendation."))
    try:
        with transaction.atomic():
            JuryVoteRecord.objects.create(recommendation=recommendation, juror=user)
    except IntegrityError:
        # Another phone of the same juror got there first (the unique
        # constraint, where the row lock did not already settle it).
        raise ValidationError(
            _("You have already voted on this recommendation.")
        ) from None
    JuryTally.objects.filter(recommendation=recommendation).update(
        **{option: F(option) + 1}
    )
    tally_changed(jury.event.live_stream(), live.VOTERS, recommendation.pk)
    return recommendation.vote_records.count()


@transaction.atomic
def vote_close(*, user, recommendation: JuryRecommendation) -> JuryRecommendation:
    """A facilitator closes the vote: the result is decided with the jury's
    threshold and abstention rule of now, kept, and shown to everyone."""
    _check_runs(user, recommendation.jury)
    check_write_rate("event_command", user=user)
    recommendation = _lock(recommendation)
    if recommendation.vote_status != VoteStatus.OPEN:
        raise ValidationError(_("Voting on this recommendation is not open."))
    jury = recommendation.jury
    tally = JuryTally.objects.get(recommendation=recommendation)
    recommendation.vote_status = VoteStatus.CLOSED
    recommendation.vote_closed_at = timezone.now()
    recommendation.threshold_percent = jury.threshold_percent
    recommendation.abstentions_counted = jury.abstentions_count
    recommendation.passed = recommendation_passes(
        yes=tally.yes,
        no=tally.no,
        abstain=tally.abstain,
        threshold_percent=jury.threshold_percent,
        abstentions_count=jury.abstentions_count,
    )
    recommendation.save(
        update_fields=[
            "vote_status",
            "vote_closed_at",
            "threshold_percent",
            "abstentions_counted",
            "passed",
        ]
    )
    # Written again by the close, so the row's last writer (PostgreSQL's
    # xmin) is no longer the last voter's transaction.
    JuryTally.objects.filter(pk=tally.pk).update(yes=F("yes"))
    _published(recommendation)
    return recommendation


# --- the mayor's response -----------------------------------------------------------
@transaction.atomic
def recommendation_respond(
    *, user, recommendation: JuryRecommendation, decision: str, reasoning: str
) -> JuryRecommendationResponse:
    """An official enters (or corrects) the mayor's response to a voted
    recommendation: the decision and why."""
    if not can_respond(user):
        raise PermissionDenied(_("Only officials enter the mayor's response."))
    reasoning = _plain(reasoning)
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = ValidationError(_("Choose the decision."), code="invalid")
    if not reasoning:
        errors["reasoning"] = ValidationError(_("Give the reasoning."), code="required")
    elif len(reasoning) > REASONING_MAX_LENGTH:
        errors["reasoning"] = ValidationError(
            _("Write at most %(limit)d characters.") % {"limit": REASONING_MAX_LENGTH},
            code="max_length",
        )
    if errors:
        raise ValidationError(errors)
    check_write_rate("edit", user=user)
    recommendation = _lock(recommendation)
    if recommendation.vote_status != VoteStatus.CLOSED:
        raise ValidationError(_("The mayor responds once the jury has voted."))
    response, _created = JuryRecommendationResponse.objects.update_or_create(
        recommendation=recommendation,
        defaults={"decision": decision, "reasoning": reasoning, "author": user},
    )
    return response
