"""The repository itself: nothing a merge left behind."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def test_no_merge_conflict_markers_in_tracked_files():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = []
    for name in files:
        path = ROOT / name
        if path.suffix in {".mo", ".png", ".ico", ".pdf", ".docx", ".odt"}:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        offenders += [
            f"{name}:{n}" for n, line in enumerate(lines, 1) if line.startswith(MARKERS)
        ]
    assert offenders == []
