"""The validator finds each kind of fault and names the file, the line and the field."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kit
from kit.case.validate import validate_case

from .conftest import ROOT, replace_in


def only_problem(folder):
    files = validate_case(folder)
    assert not files.ok
    return files.problems


def test_the_shipped_case_is_valid():
    assert validate_case(ROOT / "seeds").ok


def test_broken_span_is_named(seeds_copy):
    replace_in(seeds_copy / "statements.csv", "Geography is stubborn, and", "Geography is stubborn and")
    problems = only_problem(seeds_copy)
    assert any(
        p.file == "statements.csv" and p.field == "text" and p.row_id == "macron-geography-stubborn" for p in problems
    )
    assert "line 12" in str(problems[0]) and "field 'text'" in str(problems[0])


def test_unknown_actor_id_is_named(seeds_copy):
    replace_in(seeds_copy / "statements.csv", "france-opposes,paraphrase,france,", "france-opposes,paraphrase,frence,")
    (problem,) = only_problem(seeds_copy)
    assert (problem.file, problem.line, problem.row_id, problem.field) == (
        "statements.csv",
        3,
        "france-opposes",
        "speaker",
    )
    assert "'frence'" in str(problem) and "actors.csv" in str(problem)


def test_duplicate_id_is_named(seeds_copy):
    replace_in(seeds_copy / "actors.csv", "kishida,Fumio Kishida", "stoltenberg,Fumio Kishida")
    problems = only_problem(seeds_copy)
    duplicate = next(p for p in problems if p.expected == "a unique id")
    assert (duplicate.file, duplicate.line, duplicate.field) == ("actors.csv", 4, "id")
    assert "line 3" in duplicate.found


def test_bad_date_is_named(seeds_copy):
    replace_in(seeds_copy / "members.csv", "FIN,Finland,2023-04-04", "FIN,Finland,4 April 2023")
    (problem,) = only_problem(seeds_copy)
    assert (problem.file, problem.row_id, problem.field) == ("members.csv", "FIN", "joined")
    assert "YYYY-MM-DD" in problem.expected and "4 April 2023" in problem.found


def test_impossible_date_is_named(seeds_copy):
    replace_in(seeds_copy / "events.csv", "sweden-joins,2024-03-07", "sweden-joins,2024-02-30")
    (problem,) = only_problem(seeds_copy)
    assert (problem.file, problem.row_id, problem.field) == ("events.csv", "sweden-joins", "date")


def test_out_of_range_coordinate_is_named(seeds_copy):
    replace_in(seeds_copy / "places.csv", "35.6895,139.6917", "135.6895,139.6917")
    (problem,) = only_problem(seeds_copy)
    assert (problem.file, problem.row_id, problem.field) == ("places.csv", "tokyo", "lat")
    assert "-90 to 90" in problem.expected


def test_missing_column_is_named(seeds_copy):
    replace_in(seeds_copy / "actors.csv", "id,name,name_in_article,kind,", "id,name,name_in_article,type,")
    problems = only_problem(seeds_copy)
    assert any(p.file == "actors.csv" and p.line == 1 and p.field == "kind" for p in problems)


def test_unreadable_file_is_named(seeds_copy):
    (seeds_copy / "events.csv").write_bytes(b"id,date\n\xff\xfe broken\n")
    problems = only_problem(seeds_copy)
    assert any(p.file == "events.csv" and "UTF-8" in p.expected for p in problems)


def test_missing_file_is_named(seeds_copy):
    (seeds_copy / "places.csv").unlink()
    problems = only_problem(seeds_copy)
    assert any(p.file == "places.csv" and p.found == "no such file" for p in problems)


def test_enumeration_lists_the_valid_options(seeds_copy):
    replace_in(seeds_copy / "actors.csv", "Emmanuel Macron,person,", "Emmanuel Macron,persn,")
    (problem,) = only_problem(seeds_copy)
    assert "'person', 'group', 'state', 'organisation'" in problem.expected


def test_context_text_must_be_verbatim(seeds_copy):
    replace_in(seeds_copy / "context.csv", "NATO is a regional Alliance", "NATO is a regional alliance")
    (problem,) = only_problem(seeds_copy)
    assert (problem.file, problem.row_id, problem.field) == ("context.csv", "ctx-stoltenberg-regional", "text")


def test_stance_without_evidence_is_named(seeds_copy):
    replace_in(
        seeds_copy / "stances.csv", "kishida,engagement,supports,kishida-enthusiasm,", "kishida,engagement,supports,,"
    )
    (problem,) = only_problem(seeds_copy)
    assert (problem.file, problem.row_id, problem.field) == ("stances.csv", "kishida/engagement", "evidence")


def test_loader_raises_data_error_naming_the_problem(seeds_copy):
    replace_in(seeds_copy / "places.csv", "35.6895,139.6917", "135.6895,139.6917")
    with pytest.raises(kit.DataError) as info:
        kit.load_case(seeds_copy)
    message = str(info.value)
    assert "places.csv" in message and "'tokyo'" in message and "'lat'" in message
    assert "python -m kit validate" in message
    assert len(info.value.problems) == 1


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "kit", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_validate_exit_codes(seeds_copy):
    good = run_cli("validate", "seeds")
    assert good.returncode == 0 and "valid" in good.stdout
    replace_in(seeds_copy / "members.csv", "FIN,Finland,2023-04-04", "FIN,Finland,2023-13-04")
    bad = run_cli("validate", str(seeds_copy))
    assert bad.returncode == 1
    assert "members.csv, line" in bad.stdout and "(row 'FIN'), field 'joined'" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_cli_validate_missing_folder():
    result = run_cli("validate", "no-such-folder")
    assert result.returncode == 1 and "no such folder" in result.stdout
