"""Reading numbers that arrive in query strings and form fields.

``str.isdigit()`` is not enough: it accepts "²" and "١" (which ``int()`` then
rejects or reads as another number) and numbers too big for a database column,
which SQLite and PostgreSQL refuse with an error instead of finding nothing.

Only the canonical spelling is an id: "016" is not 16. Ids end up in stream and
Channels group names, cache keys and URLs, where a second spelling of one object
would be a second name that checks and caches keyed by the first do not know.
"""

# The largest value of a 64-bit primary key column (BigAutoField).
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """``value`` as a positive integer when it is written in ASCII digits without
    leading zeros and fits a 64-bit primary key column, else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if value.startswith("0"):
        return None
    if len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
