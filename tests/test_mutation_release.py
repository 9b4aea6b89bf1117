"""The release's leak scan and notebook cleaning (kit/classroom/release.py) on hand-made banks and files.

Each expected leak is written out by hand: which file, which cell or line, which exercise, what leaked.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import tomllib

import pytest

from kit.classroom import release
from kit.classroom.release import _check_target, build_release, clean_notebook, find_key_leaks, key_needles, normalised
from kit.core.errors import KitError
from kit.core.paths import ROOT
from kit.exercises.bank import Bank, Exercise

EXPLANATION = "Macron argued that NATO's geography is the North Atlantic."
ENCODED = base64.b64encode(EXPLANATION.encode()).decode()
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


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
    for folder in ("kit", "notebooks", "exercises", "seeds/sources"):
        with pytest.raises(KitError) as error:
            _check_target(ROOT / folder / "copy")
        name = folder.split("/")[0]
        assert str(error.value) == (
            f"{ROOT / folder / 'copy'} is inside {name}/, which the release copies: it would copy itself into itself. "
            "Choose a folder outside the kit, e.g. ../student-copy."
        )
    with pytest.raises(KitError) as error:
        _check_target(ROOT / "answers" / "copy")  # not copied, but git would offer it for commit
    assert str(error.value) == (
        f"{ROOT / 'answers' / 'copy'} is inside the instructor copy ({ROOT}): the student copy would sit among the "
        "instructor's files. Choose a folder outside it, e.g. ../student-copy."
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _check_target(empty) == empty
    assert _check_target(tmp_path / "new") == tmp_path / "new"


# --- The leak scan: every needle, every form, every place --------------------------------------------------------

QUOTE_FIRST = '"Geography is stubborn," Macron said: for him NATO belongs to the North Atlantic.'


def hand_bank() -> Bank:
    """A graded single item, a graded multiple item whose right options come first, a graded free item, a practice
    item; every text written out by hand."""
    found = bank()
    found["geo-9"].options.append("Jens Stoltenberg")
    found["geo-9"].feedback["Jens Stoltenberg"] = (
        '"Geography is stubborn, and the Indo-Pacific is not the North Atlantic"'
    )
    found["geo-9"].misconception = {"Fumio Kishida": "Confuses Japan's partner with the ally who objected."}
    found["geo-12"] = Exercise(
        id="geo-12", notebook="02", type="multiple", prompt="Who spoke in Vilnius?", graded=True,
        options=["Emmanuel Macron", "Jens Stoltenberg", "Xi Jinping"], answer=["Emmanuel Macron", "Jens Stoltenberg"],
    )  # fmt: skip
    found["geo-13"] = Exercise(
        id="geo-13", notebook="02", type="free", prompt="Why did France object?", graded=True,
        model_answer="France holds that the alliance's area is the North Atlantic, not the Indo-Pacific.",
        explanation=QUOTE_FIRST,
    )  # fmt: skip
    found["geo-14"] = Exercise(
        id="geo-14", notebook="02", type="single", prompt="Who kept the office “on the table”?", graded=False,
        options=["Jens Stoltenberg", "Xi Jinping"], answer="Jens Stoltenberg",
        explanation="Stoltenberg said the office stayed on the table in Vilnius.",
    )  # fmt: skip
    return found


def test_the_searched_needles_of_each_graded_item():
    # Prose: NFKC, case folded, non-letters as single spaces, padded; key data: JSON as the bank would print it.
    assert key_needles(hand_bank()) == {
        "geo-9": [
            " macron argued that nato s geography is the north atlantic ",
            " kishida welcomed the partnership with the alliance ",
            " geography is stubborn and the indo pacific is not the north atlantic ",
            '"answer": "Emmanuel Macron"',
            " confuses japan s partner with the ally who objected ",
        ],
        "geo-12": ['"answer": ["Emmanuel Macron", "Jens Stoltenberg"]'],
        "geo-13": [
            " geography is stubborn macron said for him nato belongs to the north atlantic ",
            " france holds that the alliance s area is the north atlantic not the indo pacific ",
        ],
    }  # practice geo-14 has a key, but may be shown anywhere


def test_each_kind_of_leak_is_named(tmp_path):
    files = {
        "a_misconception.md": "Tutor note: confuses Japan’s partner\nwith the ally who objected",
        "b_model.txt": "\n\nFRANCE holds that the alliance’s area is the North Atlantic — not the Indo‑Pacific!",
        # a quotation first: still prose, so found re-cased and re-wrapped (it was once searched verbatim)
        "c_quote.md": "Summary\n\n“GEOGRAPHY IS STUBBORN”, Macron said:\nfor him NATO belongs to the North Atlantic",
        "c_quote_only.txt": "macron:\n\ngeography is stubborn and the indo-pacific is not the north atlantic\n",
        # key data split where JSON allows it, found on the line where it starts
        "d_key.json": '[\n {"id": "geo-9",\n  "answer":\n   "Emmanuel Macron"}\n]\n',
        "e_key.json": '{"answer": ["Emmanuel Macron",\n "Jens Stoltenberg"]}',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert find_key_leaks(tmp_path, hand_bank()) == [
        "a_misconception.md, line 1 reveals the key of geo-9 (its misconception notes)",
        "b_model.txt, line 3 reveals the key of geo-13 (its model answer)",
        "c_quote.md, line 3 reveals the key of geo-13 (its explanation)",
        "c_quote_only.txt, line 3 reveals the key of geo-9 (its feedback)",
        "d_key.json, line 3 reveals the key of geo-9 (its key)",
        "e_key.json, line 1 reveals the key of geo-12 (its key)",
    ]


@pytest.mark.parametrize(
    "explanation, searched",
    [("NATO in Tokyo.", True), ("NATO in Kyiv.", False), ("A date: 4 April 1949!", True), ("4 April 1949", False)],
)
def test_texts_shorter_than_13_characters_normalised_are_not_searched(tmp_path, explanation, searched):
    # exercises/README.md: "A text shorter than 13 characters in that form ... is not searched for"
    # ("nato in tokyo": 13; "nato in kyiv": 12; "a date 4 april 1949": 19; "4 april 1949": 12)
    found = bank()
    found["geo-9"].explanation = explanation
    (tmp_path / "a.md").write_text(f"Lesson: {explanation}\n", encoding="utf-8")
    expected = ["a.md, line 1 reveals the key of geo-9 (its explanation)"] if searched else []
    assert find_key_leaks(tmp_path, found) == expected


def test_key_data_is_matched_as_data_not_as_prose(tmp_path):
    # The options of a multiple-choice item ship with it, right ones first or not; the practice item is free to show.
    (tmp_path / "shown.md").write_text(
        "Who spoke in Vilnius?\n- Emmanuel Macron\n- Jens Stoltenberg\n- Xi Jinping\n\n"
        "The answer: Emmanuel Macron. ANSWER: [EMMANUEL MACRON, JENS STOLTENBERG]\n"
        "Stoltenberg said the office stayed on the table in Vilnius.\n",
        encoding="utf-8",
    )
    assert find_key_leaks(tmp_path, hand_bank()) == []


@pytest.mark.parametrize(
    "before, gap, where",
    [(0, 0, 1), (1, 0, 2), (40, 0, 41), (41, 0, 42), (1, 4, 2), (6, 5, 7), (3, 60, 4)],
)
def test_the_line_named_is_where_the_text_starts(tmp_path, before, gap, where):
    # `before` lines of other text, then the explanation one word a line with `gap` blank lines between words
    # (9 words: with a gap of 60 the text spans 489 lines), then more text.
    words = EXPLANATION.split()
    text = "other\n" * before + ("\n" * (gap + 1)).join(words) + "\nmore\n" * 3
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == [f"t.txt, line {where} reveals the key of geo-9 (its explanation)"]


def test_bytes_that_are_not_utf8_hide_nothing(tmp_path):
    (tmp_path / "blob.bin").write_bytes(b"\x89PNG\xff\xfe " + EXPLANATION.encode())
    attached = base64.b64encode(b"\xff\xd8" + EXPLANATION.encode()).decode()
    cell = {"cell_type": "markdown", "source": "", "attachments": {"k.png": {"image/png": attached}}}
    (tmp_path / "n.ipynb").write_text(notebook([cell]), encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == [
        "blob.bin, line 1 reveals the key of geo-9 (its explanation)",
        "n.ipynb, cell 1 attachment k.png reveals the key of geo-9 (its explanation)",
    ]


def test_an_attachment_stored_as_plain_text_is_read_as_it_is(tmp_path):
    # 48 letters: base64 decoding (which skips spaces and punctuation) would turn this text into noise, no error
    assert sum(c.isalpha() for c in EXPLANATION) % 4 == 0
    cell = {"cell_type": "markdown", "source": "", "attachments": {"k.txt": {"text/plain": EXPLANATION}}}
    (tmp_path / "n.ipynb").write_text(notebook([cell]), encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == [
        "n.ipynb, cell 1 attachment k.txt reveals the key of geo-9 (its explanation)"
    ]


def test_a_source_split_inside_a_word_is_joined_as_jupyter_shows_it(tmp_path):
    cell = {"cell_type": "markdown", "source": ["Macron argued that NATO's geo", "graphy is the North Atlantic."]}
    (tmp_path / "n.ipynb").write_text(notebook([cell]), encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == ["n.ipynb, cell 1 (markdown) reveals the key of geo-9 (its explanation)"]


@pytest.mark.parametrize(
    "content, found",
    [
        # a notebook with no cells: its metadata is still read as metadata
        ({"metadata": {"note": EXPLANATION}}, "n.ipynb, notebook metadata, line 2"),
        # a cell with no type, no source or attachments only
        ({"cells": [{"source": EXPLANATION}]}, "n.ipynb, cell 1 (cell)"),
        ({"cells": [{"cell_type": "raw", "metadata": {"x": EXPLANATION}}]}, "n.ipynb, cell 1 metadata"),
        (
            {"cells": [{"cell_type": "markdown", "attachments": {"a": {"text/plain": ENCODED}}}]},
            "n.ipynb, cell 1 attachment a",
        ),
        # a source that is neither text nor a list of lines
        ({"cells": [{"cell_type": "code", "source": {"x": EXPLANATION}}]}, "n.ipynb, cell 1 (code)"),
        ({"cells": [{"cell_type": "code", "source": 7, "outputs": [EXPLANATION]}]}, "n.ipynb, cell 1 outputs"),
        # not shaped like a notebook: read as text, line by line
        ({"cells": ["text", EXPLANATION]}, "n.ipynb, line 1"),
        ({"cells": [{"source": [1, EXPLANATION]}]}, "n.ipynb, line 1"),
        ([EXPLANATION], "n.ipynb, line 1"),
        ({"cells": [{"attachments": {"a": EXPLANATION}}]}, "n.ipynb, line 1"),
    ],
)  # fmt: skip
def test_an_odd_notebook_never_stops_the_scan(tmp_path, content, found):
    (tmp_path / "n.ipynb").write_text(json.dumps(content), encoding="utf-8")
    assert find_key_leaks(tmp_path, bank()) == [f"{found} reveals the key of geo-9 (its explanation)"]


def test_clean_notebook_keeps_a_notebook_without_cells_or_widgets():
    cleaned = json.loads(clean_notebook('{"nbformat": 4, "metadata": {"kernelspec": {"name": "python3"}}}'))
    assert cleaned == {"nbformat": 4, "metadata": {"kernelspec": {"name": "python3"}, "kit": {"version": VERSION}}}


# --- Building the student copy -------------------------------------------------------------------------------------

LICENSE = """MIT License

Copyright (c) 2026 The kit's authors

Permission is hereby granted, free of charge, to any person obtaining a copy
"""
INSTRUCTOR_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Qui a dit « non » ?\n", "Vilnius, juillet 2023"]},
        {
            "cell_type": "code", "execution_count": 4, "metadata": {"tags": []}, "source": ["kit.show('geo-9')"],
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["Emmanuel Macron\n"]}],
        },
    ],
    "metadata": {"kernelspec": {"name": "python3"}, "widgets": {"application/vnd.jupyter.widget-state+json": {}}},
    "nbformat": 4,
    "nbformat_minor": 5,
}  # fmt: skip
# What a student gets of it: outputs, counts and widget state gone, the kit's version stamped, nothing else changed.
STUDENT_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Qui a dit « non » ?\n", "Vilnius, juillet 2023"]},
        {"cell_type": "code", "execution_count": None, "metadata": {"tags": []}, "source": ["kit.show('geo-9')"],
         "outputs": []},
    ],
    "metadata": {"kernelspec": {"name": "python3"}, "kit": {"version": VERSION}},
    "nbformat": 4,
    "nbformat_minor": 5,
}  # fmt: skip
INSTRUCTOR_FILES = {
    "kit/__init__.py": "",
    "kit/core/paths.py": "ROOT = None\n",
    "kit/__pycache__/paths.cpython-311.pyc": "compiled",
    "kit/core/old.pyc": "compiled",
    "kit/.ipynb_checkpoints/x-checkpoint.ipynb": "{}",
    "kit/nato_tokyo_kit.egg-info/PKG-INFO": "Name: nato-tokyo-kit",
    "seeds/actors.csv": "id,name\nmacron,Emmanuel Macron\n",
    "seeds/sources/article.md": "Geography is stubborn\n",
    "LICENSE": LICENSE,
    "LICENSE-CONTENT.md": "CC BY 4.0\n",
    "CITATION.cff": "cff-version: 1.2.0\n",
    "pyproject.toml": "[project]\nname = 'kit'\n",
    "environment.yml": "name: kit\n",
    "Makefile": "lab:\n\tjupyter lab\n",
    ".gitignore": "answers/\n",
    "setup.py": "from setuptools import setup\n",
    "README.md": "Instructors: ![screenshot](docs/images/a.png)\n",
    "docs/instructor_guide.md": "The key of geo-9 is Macron.\n",
    "tests/test_kit.py": "def test(): pass\n",
    "scripts/make_figures.py": "",
    "answers/answer-sheet.json": "{}",
    "exercises/README.md": "# The bank's format\n",
    "exercises/02_geography.toml": "notebook = '02'\n",
    "notebooks/notes.txt": "not a notebook\n",
    "notebooks/02_geography.ipynb": json.dumps(INSTRUCTOR_NOTEBOOK, indent=1),
}
# The student copy: the allow-list, the clean notebooks, the released bank and its notes, a student README.
RELEASED = [
    ".gitignore", "CITATION.cff", "LICENSE", "LICENSE-CONTENT.md", "Makefile", "README.md", "environment.yml",
    "exercises/README.md", "exercises/bank.json", "kit/__init__.py", "kit/core/paths.py",
    "notebooks/02_geography.ipynb", "pyproject.toml", "seeds/actors.csv", "seeds/sources/article.md", "setup.py",
]  # fmt: skip


@pytest.fixture
def instructor(tmp_path, monkeypatch):
    """A small instructor copy, written by hand, as the folder the release reads."""
    root = tmp_path / "instructor"
    for name, text in INSTRUCTOR_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(release, "ROOT", root)
    return root


def files_under(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_student_copy_is_the_allow_list_cleaned(instructor, tmp_path):
    out = tmp_path / "term" / "2026" / "student-copy"  # parents made as needed
    assert build_release(out, hand_bank()) == RELEASED == files_under(out)
    for name in ("LICENSE", "seeds/actors.csv", "kit/core/paths.py", "exercises/README.md", ".gitignore"):
        assert (out / name).read_bytes() == (instructor / name).read_bytes(), name
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Geography is stubborn") and "make lab" in readme and "kit.submit()" in readme
    text = (out / "notebooks" / "02_geography.ipynb").read_text(encoding="utf-8")
    # nbformat's layout: one-space indent, characters as they are, a final newline
    assert text == json.dumps(STUDENT_NOTEBOOK, indent=1, ensure_ascii=False) + "\n"
    shipped = (out / "exercises" / "bank.json").read_text(encoding="utf-8")
    assert shipped.startswith('{\n "format": "kit-bank/1",\n "exercises": [\n  {\n   "id": "geo-9",')
    assert shipped.endswith('\n "kit_version": "' + VERSION + '"\n}\n')
    entries = {entry["id"]: entry for entry in json.loads(shipped)["exercises"]}
    assert list(entries) == ["geo-9", "geo-12", "geo-13", "geo-14"]
    assert entries["geo-9"] == {
        "id": "geo-9", "notebook": "02", "type": "single", "prompt": "Who objected?", "points": 1, "graded": True,
        "options": ["Emmanuel Macron", "Fumio Kishida", "Jens Stoltenberg"], "items": [], "choices": [],
        "answer": None, "accept": [], "tolerance": 0, "unit": "", "rubric": [], "feedback": {}, "hints": [],
        "explanation": "", "derived_from": "", "level": "", "model_answer": "", "misconception": {},
    }  # fmt: skip
    assert entries["geo-13"]["model_answer"] == entries["geo-13"]["explanation"] == ""
    assert entries["geo-14"]["answer"] == "Jens Stoltenberg"
    assert '"prompt": "Who kept the office “on the table”?"' in shipped  # characters as written, not \u escapes
    assert entries["geo-14"]["explanation"] == "Stoltenberg said the office stayed on the table in Vilnius."


def test_a_folder_that_exists_and_is_empty_is_used(instructor, tmp_path):
    (tmp_path / "empty").mkdir()
    assert build_release(tmp_path / "empty", hand_bank()) == RELEASED


def test_a_release_is_not_released_again(instructor, tmp_path):
    released = hand_bank()
    released.released = True
    with pytest.raises(KitError) as error:
        build_release(tmp_path / "out", released)
    assert str(error.value) == "This copy is already a student release: build releases from the instructor copy."
    assert not (tmp_path / "out").exists()


def graded_copies(count: int) -> Bank:
    """``count`` graded items whose explanation quotes the MIT licence, which every release ships."""
    found = Bank()
    for n in range(1, count + 1):
        found[f"lic-{n:02}"] = Exercise(
            id=f"lic-{n:02}", notebook="01", type="single", prompt="Which licence?", options=["MIT", "GPL"],
            answer="MIT", explanation="Permission is hereby granted, free of charge, to any person",
        )  # fmt: skip
    return found


@pytest.mark.parametrize("count", [1, 20, 21, 22])
def test_a_leak_stops_the_release_and_lists_the_places(instructor, tmp_path, count):
    out = tmp_path / "out"
    with pytest.raises(KitError) as error:
        build_release(out, graded_copies(count))
    shown = [f"LICENSE, line 5 reveals the key of lic-{n:02} (its explanation)" for n in range(1, min(count, 20) + 1)]
    assert str(error.value) == (
        f"The release would reveal graded keys, so it was not written ({count} place(s)):\n  "
        + "\n  ".join(shown + ["…"] * (count > 20))
        + "\nRemove that text from those places (or make the item practice in the bank), then release again."
    )
    assert not out.exists()


def test_a_failed_release_leaves_nothing_behind(instructor, tmp_path):
    (instructor / "exercises" / "README.md").unlink()
    out = tmp_path / "out"
    with pytest.raises(FileNotFoundError):
        build_release(out, hand_bank())
    assert not out.exists()


def test_the_first_error_is_the_one_reported(instructor, tmp_path, monkeypatch):
    # The error that stopped the release reaches the instructor, even when the folder is already gone.
    out = tmp_path / "out"

    def fail(text):
        (out / "README.md").unlink()
        (out / "notebooks").rmdir()
        for name in ("kit", "seeds"):
            shutil.rmtree(out / name)
        for name in os.listdir(out):
            (out / name).unlink()
        out.rmdir()
        raise KitError("notebook unreadable")

    monkeypatch.setattr(release, "clean_notebook", fail)
    with pytest.raises(KitError, match="notebook unreadable"):
        build_release(out, hand_bank())
    assert not out.exists()


def test_the_real_release_ships_the_bank_without_graded_keys(tmp_path):
    # The bank as the instructor wrote it (exercises/*.toml), read here with tomllib.
    written = {}
    for path in sorted((ROOT / "exercises").glob("[0-9][0-9]_*.toml")):
        for record in tomllib.loads(path.read_text(encoding="utf-8"))["exercise"]:
            written[record["id"]] = record
    out = tmp_path / "student"
    names = build_release(out)
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert [n for n in names if n.startswith("notebooks/")] == [f"notebooks/{n}" for n in notebooks]
    assert "exercises/bank.json" in names and not [
        n for n in names if n.startswith("exercises/") and n.endswith(".toml")
    ]
    shipped = json.loads((out / "exercises" / "bank.json").read_text(encoding="utf-8"))
    assert shipped["kit_version"] == VERSION
    entries = {entry["id"]: entry for entry in shipped["exercises"]}
    assert list(entries) == list(written)
    for exercise_id, record in written.items():
        entry = entries[exercise_id]
        assert entry["prompt"] == record["prompt"] and entry["options"] == record.get("options", [])
        if record.get("graded", True):
            assert entry["answer"] is None and entry["explanation"] == "" and entry["feedback"] == {}, exercise_id
            assert entry["accept"] == [] and entry["misconception"] == {} and entry["model_answer"] == ""
        else:
            assert entry["answer"] == record["answer"] and entry["explanation"] == record["explanation"]
            assert entry["feedback"] == record.get("feedback", {})
    for name in notebooks:
        source = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
        student = json.loads((out / "notebooks" / name).read_text(encoding="utf-8"))
        assert [c["source"] for c in student["cells"]] == [c["source"] for c in source["cells"]]
        assert student["metadata"]["kit"] == {"version": VERSION}
