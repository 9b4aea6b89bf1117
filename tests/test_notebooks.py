"""Every notebook: clean in the repo, well structured, and runs top to bottom in a fresh kernel."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown(path) -> str:
    return "\n\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")


def test_the_series_is_there():
    assert NAMES[:1] == ["00_start_here.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_is_committed_clean(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_structure(path):
    text = markdown(path)
    assert len(re.findall(r"^# ", text, re.M)) == 1, "exactly one H1 title"
    assert "**Estimated time:**" in text and "**Prerequisites:**" in text
    assert re.search(r"\*\*Learning objectives\.\*\*", text)
    assert "## Key points" in text
    objectives = text.split("**Learning objectives.**")[1].split("##")[0]
    assert len(re.findall(r"^\d\. \*\*\w+", objectives, re.M)) >= 3, "objectives start with a measurable verb in bold"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_runs_in_a_fresh_kernel_without_error_or_warning(path, executed):
    notebook = executed(path)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
            if output.output_type == "stream":
                assert output.name != "stderr", f"{path.name} wrote to stderr: {output.text[:300]}"


def test_each_exercise_is_asked_in_its_notebook():
    from kit.exercises.bank import load_bank

    for notebook, exercises in load_bank().by_notebook().items():
        path = ROOT / "notebooks" / f"{notebook}.ipynb"
        code = "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "code")
        text = markdown(path)
        for exercise in exercises:
            assert f'kit.ask("{exercise.id}")' in code, exercise.id
            assert f"**{exercise.id}**" in text, f"{exercise.id}: its prompt should be readable without a kernel"
        assert text.index("## Exercises") < text.index("## Key points")


def test_quotations_in_tables_are_shown_whole(case, executed):
    import html

    notebook = executed(ROOT / "notebooks" / "03_china.ipynb")
    pages = [o.get("data", {}).get("text/html", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    reuters = html.escape(case.context.loc["ctx-macron-reuters", "text"], quote=False)
    assert any(reuters in page for page in pages), (
        "the Reuters rendering should appear in full, not cut to 50 characters"
    )


def test_show_keeps_every_cell_whole():
    import pandas as pd

    import kit

    long_text = "Whichever way you look at it, geography can be stubborn. " * 3
    table = kit.show(pd.DataFrame({"text": [long_text]}))
    assert long_text.strip() in str(table) and long_text.strip() in table._repr_html_()
    assert "..." not in table._repr_html_()
