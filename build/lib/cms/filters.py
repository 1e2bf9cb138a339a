"""Reading the filters of a listing from its GET parameters.

A filter is either one of the values the page offers or nothing: anything else
(a stale link, a typo, a crafted URL) is ignored, so the page shows everything
instead of an error or an empty list. Numbers are read with cms.params, which
refuses "²", "١" and numbers too big for the database.
"""

from collections.abc import Container, Mapping

from .params import parse_id


def choice(params: Mapping, name: str, allowed: Container[str]) -> str:
    """``params[name]`` when it is one of ``allowed``, else "". An empty value
    means "not filtered" even where "" is an allowed key."""
    value = params.get(name, "")
    return value if isinstance(value, str) and value and value in allowed else ""


def id_param(params: Mapping, name: str) -> int | None:
    """``params[name]`` as a primary key (see cms.params.parse_id), else None."""
    return parse_id(params.get(name, ""))


def year_param(params: Mapping, name: str = "year") -> int | None:
    """``params[name]`` as a year written in four ASCII digits, else None."""
    value = params.get(name, "")
    if isinstance(value, str) and len(value) == 4 and value.isascii():
        return int(value) if value.isdigit() else None
    return None
