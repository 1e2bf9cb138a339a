"""The citizen jury's draw: a stratified random selection anyone can re-run.

Pure Python around the Sortition Foundation's ``sortition-algorithms`` (the
``jury`` extra: ``pip install -e ".[jury]"``); no Django models. The library
itself runs only in a worker process (``worker.py``); importing this package
does not import it.

Interface
---------
``PoolMember(number, household, features)``
    ``number``: the public applicant number; ``household``: a household key
    (``household_key``); ``features``: feature -> value, one per quota feature.
``DrawInput(pool, quotas, panel_size, reserve_size, seed, algorithm="maximin")``
    ``quotas``: feature -> value -> (min, max); ``seed``: text, normally
    ``seed_from(secret, public_value)``; ``algorithm``: "maximin" (default),
    "nash" or "legacy" (the library's; leximin needs the commercial Gurobi).
``DrawResult``: ``panel`` (numbers, in number order), ``reserve`` (numbers, in
    the order replacements take them), ``probabilities`` (number -> chance of
    a panel seat; empty for legacy), ``min_probability``,
    ``reserve_probabilities`` (chance of a reserve place given the panel),
    ``versions`` (sortition-algorithms, highspy, numpy, python of the worker),
    ``settings`` (seeds given to the library, reserve quotas used, hash seed,
    and ``method``: every step below in words, published in settings.json),
    ``log`` (the library's messages, English).
``run_draw(inp, progress=None, *, timeout=1800) -> DrawResult``
    Runs the worker; ``progress(fraction, message)`` is called as the library
    reports (fraction 0..1, rising in steps of at least 0.005, ending at 1.0;
    message translated), from the calling thread. Raises
    ``InfeasibleQuotas`` (a ``DrawError``) with ``message`` (translated),
    ``relaxation`` (feature -> value -> (min, max) for the quotas the library
    suggests changing), ``relaxed_quotas`` (the whole set so changed);
    ``DrawError`` for invalid input, a missing library or a failed worker
    (``detail``: the library's or worker's own lines, for the log). Never
    anything else.
``run_draws(inputs, progress=None) -> list[DrawResult | DrawError]``
    Several draws in one worker start-up, each as its own ``run_draw`` gives.
``derive_quotas(shares, panel_size, *, slack=0)``
    (min, max) = (floor(e), ceil(e)) of the expected seats e, widened by slack.
``commitment(secret)``, ``seed_from(secret, public_value)``: SHA-256, see seeds.py.
``normalise_address(text)``, ``household_key(address, *, salt="")``: addresses.py.
``choose_replacement(dropped, reserves, panel, quotas) -> (member, moved)``
``published_files(inp, result, *, reveal=None) -> {name: bytes}`` (``reveal``:
``{"commitment", "secret", "public_value"}``, written to settings.json and
checked by ``verify``),
``read_published_files(files) -> (inp, result)``, ``load_published(path)``,
``verify(files) -> VerifyReport`` (``matches``, ``ok``, ``panel_matches``,
``reserve_matches``, ``probabilities_match``, ``version_differences``,
``problems``, ``published``, ``rerun``).

How a draw is made
------------------
1. The pool is sorted by applicant number (shorter first, then alphabetically),
   households renamed H1, H2, ... in that order, features and values sorted:
   the draw depends on the pool, not on the order a query returned it.
2. The worker runs with ``PYTHONHASHSEED=0``: the library keeps committees in
   sets, whose iteration order follows the hash seed, so without it the same
   seed gave different panels in different processes.
3. Panel: the library's own steps for the algorithm (as its
   ``find_random_sample``) with ``random_number_seed`` = first 15 hex digits
   of SHA-256("panel:" + seed); at most one person per household (the
   library's address check on the household column). A feasibility check runs
   first, before seeding; when it fails, the library's smallest relaxation is
   returned.
4. Reserve: the library has none. A second selection by the same algorithm
   from those not chosen and not in a chosen person's household, of
   min(reserve_size, households left) people, each quota (min, max) scaled to
   (floor(min*r/n), min(ceil(max*r/n), r)), relaxed as the library suggests if
   infeasible, seeded with SHA-256("reserve:" + seed); then ordered by
   ``random.Random(SHA-256("reserve-order:" + seed)[:15]).shuffle`` of the
   reserve sorted by number.
5. A juror who drops out: ``choose_replacement``.
"""

from .addresses import household_key, normalise_address
from .files import load_published, published_files, read_published_files, verify
from .quotas import ALGORITHMS, choose_replacement, derive_quotas
from .runner import run_draw, run_draws
from .seeds import commitment, seed_from
from .types import (
    DrawError,
    DrawInput,
    DrawResult,
    InfeasibleQuotas,
    PoolMember,
    VerifyReport,
)

__all__ = [
    "ALGORITHMS",
    "DrawError",
    "DrawInput",
    "DrawResult",
    "InfeasibleQuotas",
    "PoolMember",
    "VerifyReport",
    "choose_replacement",
    "commitment",
    "derive_quotas",
    "household_key",
    "load_published",
    "normalise_address",
    "published_files",
    "read_published_files",
    "run_draw",
    "run_draws",
    "seed_from",
    "verify",
]
