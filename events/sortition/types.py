"""The shapes the draw engine takes and gives (see the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PoolMember:
    """One applicant in the draw: only what the draw needs and the protocol shows.

    ``number`` is the public applicant number, ``household`` an anonymised
    household key (``household_key``), ``features`` the strata values, e.g.
    ``{"płeć": "kobieta", "wiek": "30-44", "dzielnica": "Centrum"}``.
    """

    number: str
    household: str
    features: dict[str, str]


@dataclass(frozen=True)
class DrawInput:
    """Everything a draw depends on; the same input always gives the same result."""

    pool: tuple[PoolMember, ...]
    quotas: dict[str, dict[str, tuple[int, int]]]
    panel_size: int
    reserve_size: int
    seed: str
    algorithm: str = "maximin"


@dataclass
class DrawResult:
    """A finished draw.

    ``panel`` and ``reserve`` are applicant numbers; the panel in number order,
    the reserve in the order replacements take it. ``probabilities`` maps every
    pool member's number to their chance of being on the panel under the
    algorithm (empty for ``legacy``, which computes none);
    ``reserve_probabilities`` the same for the reserve draw, given the panel.
    ``versions`` are those of the process that ran the library.
    """

    panel: list[str]
    reserve: list[str]
    probabilities: dict[str, float]
    versions: dict[str, str]
    settings: dict
    log: list[str]
    reserve_probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def min_probability(self) -> float | None:
        """The smallest selection probability in the pool (what maximin raises)."""
        return min(self.probabilities.values()) if self.probabilities else None


class DrawError(Exception):
    """The draw could not run; ``message`` says why, in Polish, for the organiser."""

    def __init__(self, message: str, *, detail: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # The library's own (English) lines, for the log; not for the page.
        self.detail = detail or []


class InfeasibleQuotas(DrawError):
    """No panel meets every quota with this pool.

    ``relaxation`` holds only the quotas the library suggests changing, as
    feature -> value -> (min, max) after the change; ``relaxed_quotas`` is the
    whole set with those changes applied, ready to offer to the organiser.
    ``stage`` is ``"panel"`` (the reserve always finds a relaxation itself).
    Both are empty when no relaxation can help (the pool has fewer households
    than seats).
    """

    def __init__(
        self,
        message: str,
        *,
        relaxation: dict[str, dict[str, tuple[int, int]]],
        relaxed_quotas: dict[str, dict[str, tuple[int, int]]],
        detail: list[str] | None = None,
        stage: str = "panel",
    ) -> None:
        super().__init__(message, detail=detail)
        self.relaxation = relaxation
        self.relaxed_quotas = relaxed_quotas
        self.stage = stage


@dataclass
class VerifyReport:
    """What ``verify`` found when it re-ran a published draw."""

    published: DrawResult
    rerun: DrawResult | None
    panel_matches: bool
    reserve_matches: bool
    probabilities_match: bool
    # name -> (published, here) for every version that differs.
    version_differences: dict[str, tuple[str, str]]
    problems: list[str]

    @property
    def matches(self) -> bool:
        """The re-run drew the same panel and the same reserve, in order."""
        return self.panel_matches and self.reserve_matches

    @property
    def ok(self) -> bool:
        """Matches, and the seed, commitment and hash seed check out.
        Differing versions are a warning only: they may or may not change the
        draw, and a match with other versions is still a match."""
        return self.matches and not self.problems
