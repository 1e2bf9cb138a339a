"""Quotas: derived from population shares, checked, scaled for the reserve."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .messages import _
from .types import DrawError, DrawInput, PoolMember

Quotas = dict[str, dict[str, tuple[int, int]]]

ALGORITHMS = ("maximin", "nash", "legacy")


def derive_quotas(
    shares: dict[str, dict[str, float]], panel_size: int, *, slack: int = 0
) -> Quotas:
    """Min/max seats per stratum value from its share of the population.

    Shares of one feature are scaled to sum to 1 (GUS tables rarely add up
    exactly); a value's expected seats e = share x panel size give
    min = floor(e) and max = ceil(e), so an exact e is a fixed number and the
    mins of a feature never exceed the panel nor its maxes fall short of it.
    ``slack`` widens every bound by that many seats (min never below 0, max
    never above the panel) for pools too thin to meet exact proportions.
    """
    quotas: Quotas = {}
    for feature, values in shares.items():
        total = sum(max(share, 0.0) for share in values.values())
        quotas[feature] = {}
        for value, share in values.items():
            expected = panel_size * max(share, 0.0) / total if total else 0.0
            # Shares typed as percentages carry rounding: 0.30000000004 x 10 is 3.
            expected = round(expected, 9)
            low = max(math.floor(expected) - slack, 0)
            high = min(math.ceil(expected) + slack, panel_size)
            quotas[feature][value] = (low, high)
    return quotas


def validate(inp: DrawInput) -> None:
    """Raise DrawError, in Polish, for input the library would choke on."""
    if inp.algorithm not in ALGORITHMS:
        raise DrawError(
            _("Unknown draw algorithm “%(name)s”; available: %(names)s.")
            % {"name": inp.algorithm, "names": ", ".join(ALGORITHMS)}
        )
    if inp.panel_size < 1:
        raise DrawError(_("The panel must have at least one member."))
    if inp.reserve_size < 0:
        raise DrawError(_("The reserve list cannot have a negative size."))
    if not inp.seed:
        raise DrawError(_("The draw needs a seed."))
    if not inp.quotas:
        raise DrawError(_("The draw needs at least one feature with quotas."))
    for feature, values in inp.quotas.items():
        if not feature.strip() or not values:
            raise DrawError(_("Every feature needs a name and at least one value."))
        lowered = [value.casefold() for value in values]
        if len(set(lowered)) != len(lowered):
            raise DrawError(
                _("Values of the feature “%(feature)s” differ only in letter case.")
                % {"feature": feature}
            )
        for value, (low, high) in values.items():
            if not isinstance(low, int) or not isinstance(high, int) or low < 0:
                raise DrawError(
                    _("The quotas of “%(feature)s: %(value)s” must be whole numbers.")
                    % {"feature": feature, "value": value}
                )
            if low > high:
                raise DrawError(
                    _(
                        "The minimum of “%(feature)s: %(value)s” is greater "
                        "than its maximum."
                    )
                    % {"feature": feature, "value": value}
                )
    numbers = [member.number for member in inp.pool]
    if len(set(numbers)) != len(numbers):
        raise DrawError(_("Applicant numbers in the pool repeat."))
    if not inp.pool:
        raise DrawError(_("The pool of applicants is empty."))
    for member in inp.pool:
        for feature, values in inp.quotas.items():
            value = member.features.get(feature)
            if value not in values:
                raise DrawError(
                    _(
                        "Applicant %(number)s has the value “%(value)s” of the "
                        "feature “%(feature)s”, which the quotas do not list."
                    )
                    % {
                        "number": member.number,
                        "value": value or "",
                        "feature": feature,
                    }
                )


def reserve_quotas(quotas: Quotas, panel_size: int, reserve_size: int) -> Quotas:
    """The panel's quotas scaled to the reserve: each (min, max) becomes
    (floor(min x r / n), ceil(max x r / n)), max capped at r. The scaled mins
    of a feature still fit in r seats and its maxes still reach r."""
    scaled: Quotas = {}
    for feature, values in quotas.items():
        scaled[feature] = {}
        for value, (low, high) in values.items():
            scaled[feature][value] = (
                math.floor(low * reserve_size / panel_size),
                min(math.ceil(high * reserve_size / panel_size), reserve_size),
            )
    return scaled


def choose_replacement(
    dropped: PoolMember,
    reserves: Sequence[PoolMember],
    panel: Sequence[PoolMember],
    quotas: Quotas,
) -> tuple[PoolMember, list[str]]:
    """Who takes the seat of ``dropped``, and which features' counts move.

    ``reserves`` in list order, without those already used; ``panel`` the
    current panel (``dropped`` may be in it or not). The first reserve with
    the same value of every feature wins, and no quota moves. Otherwise the
    closest: the reserve with whom the fewest quotas go unmet, then the fewest
    features with a different value, then the earliest on the list; the
    features where the replacement's value differs from the dropped juror's
    are returned, in quota order, for the page to say which quota moved.
    Reserves in the household of a remaining panel member are passed over.
    Raises DrawError when no reserve is left.
    """
    staying = [member for member in panel if member.number != dropped.number]
    households = {member.household for member in staying}
    candidates = [r for r in reserves if r.household not in households]
    for candidate in candidates:
        if all(
            candidate.features.get(feature) == dropped.features.get(feature)
            for feature in quotas
        ):
            return candidate, []
    best: tuple[tuple[int, int, int], PoolMember, list[str]] | None = None
    for position, candidate in enumerate(candidates):
        moved = [
            feature
            for feature in quotas
            if candidate.features.get(feature) != dropped.features.get(feature)
        ]
        broken = _quotas_broken([*staying, candidate], quotas)
        rank = (len(broken), len(moved), position)
        if best is None or rank < best[0]:
            best = (rank, candidate, moved)
    if best is None:
        raise DrawError(_("The reserve list is used up."))
    return best[1], best[2]


def _quotas_broken(panel: list[PoolMember], quotas: Quotas) -> list[tuple[str, str]]:
    broken = []
    for feature, values in quotas.items():
        for value, (low, high) in values.items():
            count = sum(1 for member in panel if member.features.get(feature) == value)
            if not low <= count <= high:
                broken.append((feature, value))
    return broken
