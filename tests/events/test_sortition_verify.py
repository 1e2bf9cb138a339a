"""Published protocol files and ``manage.py jury_verify``: anyone re-runs the draw."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from events.sortition import (
    commitment,
    published_files,
    read_published_files,
    run_draw,
    seed_from,
)
from events.sortition.runner import canonical_pool
from tests.events.sortition_factories import draw_input

SECRET, PUBLIC = "sekret organizatora", "7 19 23"


@pytest.fixture(scope="module")
def published():
    inp = draw_input(size=16, panel=5)
    assert inp.seed == seed_from(SECRET, PUBLIC)
    result = run_draw(inp)
    reveal = {
        "commitment": commitment(SECRET),
        "secret": SECRET,
        "public_value": PUBLIC,
    }
    return inp, result, published_files(inp, result, reveal=reveal)


def test_the_published_pool_carries_numbers_households_and_strata_only(published):
    inp, _, files = published
    rows = list(csv.DictReader(io.StringIO(files["pool.csv"].decode())))
    assert list(rows[0]) == ["number", "household", "dzielnica", "płeć", "wiek"]
    assert [row["number"] for row in rows] == [str(n) for n in range(1, 17)]
    assert {row["household"] for row in rows} <= {f"H{n}" for n in range(1, 17)}
    assert not any(m.household in files["pool.csv"].decode() for m in inp.pool)
    settings = json.loads(files["settings.json"])
    assert settings["algorithm"] == "maximin" and settings["seed"] == inp.seed
    assert settings["settings"]["python_hash_seed"] == "0"
    assert "reserve" in settings["settings"]["method"]
    assert set(settings["versions"]) >= {"sortition-algorithms", "highspy", "numpy"}
    outcome = json.loads(files["result.json"])
    assert outcome["min_probability"] == min(outcome["probabilities"].values())


def test_published_files_read_back_to_the_same_draw(published):
    inp, result, files = published
    again, published_result = read_published_files(files)
    assert again.pool == tuple(canonical_pool(inp.pool))
    assert again.quotas == inp.quotas
    assert (again.panel_size, again.reserve_size, again.seed) == (5, 3, inp.seed)
    assert published_result.panel == result.panel
    assert published_result.reserve == result.reserve


def test_jury_verify_prints_the_same_panel_from_a_zip(published, tmp_path):
    _, result, files = published
    archive = tmp_path / "protokol.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, data in files.items():
            zipped.writestr(f"protokol/{name}", data)
    out = io.StringIO()
    call_command("jury_verify", str(archive), stdout=out)
    text = out.getvalue()
    assert " ".join(result.panel) in text
    assert " ".join(result.reserve) in text
    assert "Skład panelu się zgadza." in text
    assert "Losowanie zostało potwierdzone." in text
    assert "Sekret odpowiada opublikowanemu zobowiązaniu" in text
    smallest = f"{result.min_probability:.4f}".replace(".", ",")
    assert f"Najmniejsze prawdopodobieństwo wylosowania: {smallest}" in text
    assert "Uwaga" not in text


def test_jury_verify_catches_a_changed_panel_secret_and_versions(published, tmp_path):
    inp, result, files = published
    outcome = json.loads(files["result.json"])
    outsider = next(m.number for m in inp.pool if m.number not in result.panel)
    outcome["panel"] = [*result.panel[:-1], outsider]
    settings = json.loads(files["settings.json"])
    settings["versions"]["numpy"] = "1.0.0"
    settings["reveal"]["secret"] = "inny sekret"
    changed = {
        **files,
        "result.json": json.dumps(outcome).encode(),
        "settings.json": json.dumps(settings).encode(),
    }
    for name, data in changed.items():
        (tmp_path / name).write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("jury_verify", str(tmp_path), stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert " ".join(result.panel) in text  # what the draw really gives
    assert "Skład panelu NIE zgadza się z opublikowanym." in text
    assert "Lista rezerwowa się zgadza." in text
    assert "numpy: 1.0.0 / " in text and "Uwaga" in text
    assert "Sekret nie odpowiada opublikowanemu zobowiązaniu." in text
