"""Minimum versions that carry fixes the site relies on."""

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def requirement(name: str) -> Requirement:
    with (ROOT / "pyproject.toml").open("rb") as file:
        dependencies = tomllib.load(file)["project"]["dependencies"]
    found = [Requirement(line) for line in dependencies]
    return next(req for req in found if req.name.lower() == name)


@pytest.mark.parametrize(
    ("name", "too_old", "fixed"),
    [
        # WebSocket frame size and header handling fixes.
        ("daphne", "4.2.1", "4.2.2"),
        # ALLAUTH_TRUSTED_PROXY_COUNT, and X-Forwarded-For distrusted without it.
        ("django-allauth", "65.14.1", "65.14.2"),
    ],
)
def test_dependencies_exclude_versions_without_security_fixes(name, too_old, fixed):
    specifier = requirement(name).specifier
    assert not specifier.contains(too_old)
    assert specifier.contains(fixed)
