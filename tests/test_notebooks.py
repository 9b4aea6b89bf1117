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


ASK = re.compile(r"""kit\.ask\(["']([\w-]+)["']\)""")
FIGURE_CALL = re.compile(r"\bfigures\.\w+\(|\bWorldMap\(")


def test_each_exercise_is_asked_beside_what_it_practises():
    """Every exercise is asked in its notebook, readable without a kernel, and spread over the sections it practises
    (not gathered at the end); a practice twin comes before its graded item."""
    from kit.exercises.bank import load_bank

    for notebook, exercises in load_bank().by_notebook().items():
        path = ROOT / "notebooks" / f"{notebook}.ipynb"
        notebook_cells = cells(path)
        text = markdown(path)
        order = []  # ids in the order they are asked; None marks a cell that is not an exercise
        for cell in notebook_cells:
            asked = ASK.findall("".join(cell["source"])) if cell["cell_type"] == "code" else []
            order.extend(asked or ([None] if cell["cell_type"] == "code" or not _is_exercise_list(cell) else []))
        for exercise in exercises:
            assert exercise.id in order, f"{notebook}: kit.ask({exercise.id!r}) is missing"
            assert f"**{exercise.id}**" in text, f"{exercise.id}: its prompt should be readable without a kernel"
            twin = f"{exercise.id}-practice"
            if twin in order:
                assert order.index(twin) < order.index(exercise.id), f"{twin} should come before {exercise.id}"
        runs = sum(1 for i, x in enumerate(order) if x and (i == 0 or order[i - 1] is None))
        assert runs >= 3, f"{notebook}: exercises should sit beside at least three sections, found {runs}"
        last = max(i for i, x in enumerate(order) if x)
        assert any(x is None for x in order[:last]), notebook
        assert text.index("## Key points") > text.index(f"**{exercises[-1].id}**")


def _is_exercise_list(cell) -> bool:
    return "Answer in the widget below each question" in "".join(cell["source"])


def header_minutes_and_estimates():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("lesson_times", ROOT / "scripts" / "lesson_times.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lesson_times"] = module
    spec.loader.exec_module(module)
    return module


def test_estimated_times_agree_with_the_estimate_from_words_and_tasks():
    times = header_minutes_and_estimates()
    results = times.estimates()
    assert [r.notebook for r in results] == [p.stem for p in NOTEBOOKS]
    for result in results:
        stated = times.header_minutes(ROOT / "notebooks" / f"{result.notebook}.ipynb")
        assert stated == result.minutes, (
            f"{result.notebook}: the header says {stated} minutes, the estimate is {result.minutes}. "
            "Run: python scripts/lesson_times.py --write"
        )
    guide = times.guide_rows((ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8"))
    assert guide == {r.notebook[:2]: r.minutes for r in results}, "the guide's schedule disagrees with the estimate"
    # a hand check of the model on notebook 00: its words at 150 a minute, the article read twice
    import kit

    article = len(times.WORD.findall(kit.load_case().article))
    nb00 = results[0]
    assert nb00.words == len(times.WORD.findall(markdown(NOTEBOOKS[0]))) + 2 * article


def outputs_of(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            yield cell, cell.outputs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_every_figure_cell_shows_an_image_with_a_text_description(path, executed):
    notebook = executed(path)
    for cell, outputs in outputs_of(notebook):
        text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
        assert "<Figure size" not in text, f"{path.name}: a bare matplotlib figure: {cell.source}"
        if not FIGURE_CALL.search(cell.source):
            continue
        data = {key: value for o in outputs for key, value in o.get("data", {}).items()}
        assert "image/png" in data, f"{path.name}: {cell.source!r} shows no image"
        import base64

        assert base64.b64decode(data["image/png"])[:4] == b"\x89PNG"
        description = data.get("text/plain", "")
        assert not description.startswith("<") and len(description.split()) >= 15, (
            f"{path.name}: {cell.source!r} has no text description: {description[:80]!r}"
        )
        html = data.get("text/html", "")
        assert 'alt="' in html and "<figcaption>" in html, f"{path.name}: {cell.source!r} has no alt text"


PANDAS_NOISE = ("dtype:", "Name: ", " rows x ", "[... ", "…\n")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_what_students_read_is_clean(path, executed, case):
    """No pandas noise and no internal ids (of statements, actors, places, sources or events) in what a student
    reads: the prose and every output that is not an exercise widget."""
    slugs = {i for table in ("statements", "actors", "places", "sources", "events") for i in getattr(case, table).index}
    slugs = {s for s in slugs if "-" in s}
    pattern = re.compile(
        r"(?<![\w/.-])(" + "|".join(map(re.escape, sorted(slugs, key=len, reverse=True))) + r")(?![\w-])"
    )
    prose = markdown(path)
    assert not pattern.findall(prose), f"{path.name}: internal ids in the prose: {set(pattern.findall(prose))}"
    for cell, outputs in outputs_of(executed(path)):
        for output in outputs:
            data = output.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                continue
            shown = output.get("text", "") + data.get("text/plain", "") + data.get("text/html", "")
            for noise in PANDAS_NOISE:
                assert noise not in shown, f"{path.name}: pandas noise {noise!r} in the output of {cell.source!r}"
            assert not pattern.findall(shown), (
                f"{path.name}: internal ids {set(pattern.findall(shown))} in {cell.source!r}"
            )


def test_tables_read_left_aligned(case):
    import kit

    table = kit.show(case.quotes()[["attributed_to", "text"]])
    first_row = str(table).splitlines()[1]
    assert first_row.startswith("Macron ")  # text flush left, not padded on the left
    assert 'style="text-align:left"' in table._repr_html_().split("<td", 1)[1][:30]


def test_no_graded_answer_is_printed_in_the_lessons(executed, case):
    """The answer of a graded item appears nowhere a student reads before answering: not in the prose (self-checks,
    tables) and not in any output but the exercise widget itself. Checked for keys specific enough to search for:
    long single-choice answers and the items of graded classify, matching and ordering exercises. An answer that is
    the wording of a source (a clause of the treaty) may of course be printed: the source is not the answer."""
    from kit.exercises.bank import load_bank

    for notebook, exercises in load_bank().by_notebook().items():
        path = ROOT / "notebooks" / f"{notebook}.ipynb"
        shown = [markdown(path).replace(_exercise_lists(path), "")]
        for _cell, outputs in outputs_of(executed(path)):
            for output in outputs:
                data = output.get("data", {})
                if "application/vnd.jupyter.widget-view+json" not in data:
                    shown.append(output.get("text", "") + data.get("text/plain", "") + data.get("text/html", ""))
        page = "\n".join(shown)
        for exercise in exercises:
            if not exercise.graded or exercise.type == "free":
                continue
            needles = [exercise.answer] if exercise.type == "single" and len(exercise.answer) > 25 else []
            needles += exercise.items
            sources = " ".join([case.article, *case.treaty.text])
            for needle in (n for n in needles if n.removeprefix("the ") not in sources):
                assert needle not in page, f"{exercise.id}: {needle!r} is printed in {notebook}"


def _exercise_lists(path) -> str:
    lists = ["".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown" and _is_exercise_list(c)]
    return "\n\n".join(lists)


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
