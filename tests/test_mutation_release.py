"""The release's leak scan and notebook cleaning (kit/classroom/release.py) on hand-made banks and files.

Each expected leak is written out by hand: which file, which cell or line, which exercise, what leaked.
"""

from __future__ import annotations

import base64
import json

import pytest

from kit.classroom.release import _check_target, clean_notebook, find_key_leaks, normalised
from kit.core.errors import KitError
from kit.core.paths import ROOT
from kit.exercises.bank import Bank, Exercise

EXPLANATION = "Macron argued that NATO's geography is the North Atlantic."
ENCODED = base64.b64encode(EXPLANATION.encode()).decode()


def bank(graded=True) -> Bank:
    found = Bank()
    found["geo-9"] = Exercise(
        id="geo-9", notebook="02", type="single", prompt="Who objected?", graded=graded,
        options=["Emmanuel Macron", "Fumio Kishida"], answer="Emmanuel Macron", explanation=EXPLANATION,
        feedback={"Fumio Kishida": "Kishida welcomed the partnership with the alliance."},
    )  # fmt: skip
    return found


def notebook(cells, metadata=None) -> str:
    return json.dumps({"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5})


def test_normalised_folds_case_width_and_punctuation():
    assert normalised("NATO’s  Geography\nIS\tstubborn!") == " nato s geography is stubborn "
    assert normalised("ＮＡＴＯ") == " nato "  # full-width letters (NFKC)
    assert normalised("snake_case") == " snake case "
    assert normalised("") == "  "


def test_a_clean_folder_has_no_leak(tmp_path):
    (tmp_path / "a.md").write_text("Who objected to the office in Tokyo?\n", encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == []


def test_a_practice_item_may_be_explained_anywhere(tmp_path):
    (tmp_path / "a.md").write_text(EXPLANATION, encoding="utf-8")
    assert find_key_leaks(tmp_path, bank(graded=False)) == []


def test_a_rewrapped_recased_explanation_in_a_text_file_is_found_on_its_line(tmp_path):
    text = "intro\n\nMACRON argued that\nNATO’s geography is the North   Atlantic!\n"
    (tmp_path / "notes.txt").write_text(text, encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == ["notes.txt, line 3 reveals the key of geo-9 (its explanation)"]


def test_feedback_is_a_leak_too(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.txt").write_text("Kishida welcomed the partnership with the alliance.", encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == ["sub/f.txt, line 1 reveals the key of geo-9 (its feedback)"]


def test_escaped_text_in_a_json_file_is_found(tmp_path):
    escaped = EXPLANATION.replace("M", "\\u004d").replace("N", "\\u004E")  # \u escapes, as JSON writes them
    (tmp_path / "data.json").write_text('{"x": "' + escaped + '"}', encoding="utf-8")
    assert "Macron" not in (tmp_path / "data.json").read_text(encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == ["data.json, line 1 reveals the key of geo-9 (its explanation)"]


@pytest.mark.parametrize(
    "cell, where",
    [
        ({"cell_type": "markdown", "source": [EXPLANATION[:26], EXPLANATION[26:]]}, "cell 2 (markdown)"),
        ({"cell_type": "code", "source": "x = 1", "outputs": [{"text": [EXPLANATION]}]}, "cell 2 outputs"),
        ({"cell_type": "code", "source": "", "metadata": {"note": EXPLANATION}}, "cell 2 metadata"),
        (
            {"cell_type": "markdown", "source": "", "attachments": {"a.txt": {"text/plain": ENCODED}}},
            "cell 2 attachment a.txt",
        ),
    ],
)  # fmt: skip
def test_every_part_of_a_notebook_is_scanned(tmp_path, cell, where):
    clean = {"cell_type": "markdown", "source": "Who objected?"}
    (tmp_path / "n.ipynb").write_text(notebook([clean, cell]), encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == [f"n.ipynb, {where} reveals the key of geo-9 (its explanation)"]


def test_notebook_metadata_is_scanned(tmp_path):
    (tmp_path / "n.ipynb").write_text(notebook([], {"kit": {EXPLANATION: 1}}), encoding="utf-8")
    # metadata strings, one per line: "kit" (line 1), then the explanation (a key, line 2)
    assert find_key_leaks(tmp_path, bank()) == [
        "n.ipynb, notebook metadata, line 2 reveals the key of geo-9 (its explanation)"
    ]


def test_a_damaged_notebook_is_scanned_as_text(tmp_path):
    (tmp_path / "n.ipynb").write_text("{" + EXPLANATION, encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == ["n.ipynb, line 1 reveals the key of geo-9 (its explanation)"]


def test_one_leak_per_place_and_exercise(tmp_path):
    (tmp_path / "a.txt").write_text(EXPLANATION + "\n" + "Kishida welcomed the partnership with the alliance.", "utf-8")
    assert find_key_leaks(tmp_path, bank()) == ["a.txt, line 1 reveals the key of geo-9 (its explanation)"]


def test_clean_notebook_removes_outputs_counts_and_widget_state():
    text = notebook(
        [
            {"cell_type": "code", "source": "1", "outputs": [{"text": "1"}], "execution_count": 3, "metadata": {}},
            {"cell_type": "markdown", "source": "kept", "metadata": {}},
        ],
        {"widgets": {"state": {}}, "kernelspec": {"name": "python3"}},
    )
    cleaned = json.loads(clean_notebook(text))
    assert cleaned["cells"][0]["outputs"] == [] and cleaned["cells"][0]["execution_count"] is None
    assert cleaned["cells"][1] == {"cell_type": "markdown", "source": "kept", "metadata": {}}
    assert "widgets" not in cleaned["metadata"] and cleaned["metadata"]["kernelspec"] == {"name": "python3"}
    assert clean_notebook(text).endswith("}\n")


def test_release_targets_are_checked(tmp_path):
    afile = tmp_path / "file"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(KitError, match="is a file. Give the name of a new folder"):
        _check_target(afile)
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x", encoding="utf-8")
    with pytest.raises(KitError, match="is not empty"):
        _check_target(full)
    with pytest.raises(KitError, match="inside kit/, which the release copies"):
        _check_target(ROOT / "kit" / "copy")
    with pytest.raises(KitError, match="inside notebooks/"):
        _check_target(ROOT / "notebooks" / "copy")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _check_target(empty) == empty
    assert _check_target(tmp_path / "new") == tmp_path / "new"
