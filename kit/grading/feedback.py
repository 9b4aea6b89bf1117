"""Feedback pages: one HTML page per student, an index for the instructor, and the answers as readable text.

Pages are plain, accessible HTML (``lang``, a title, headings, a ``<main>`` landmark,
text contrast above 4.5:1, status in words, never colour alone). Everything that
comes from a submission or the bank is HTML-escaped. File names are unique and
stable: ``<readable part>-<hash>.html``, the readable part being the id's first 40 characters
with anything but ASCII letters, digits, ``-`` and ``_`` written ``_`` (``student`` when that
leaves nothing), the hash the first 8 hex digits of the SHA-256 of the normalised id (4 more at
a time in the rare case two ids would share a name); so two ids never share a page and a
re-grade writes the same names.

>>> readable(["France", "China"]), readable({"Ceuta": "not covered"}), readable(None)
('France; China', 'Ceuta → not covered', '—')
>>> page_names(["ab", "AB", "a/b"])["a/b"].startswith("a_b-")
True
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from kit.exercises import types as exercise_types
from kit.exercises.bank import Bank
from kit.grading.grade import ClassGrading, StudentResult, _token
from kit.grading.identity import id_key

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52em;margin:auto;padding:1em;color:#1a1a1a;background:#fff;"
    "line-height:1.5}section{border-top:1px solid #767676;margin-top:1em}a{color:#0b57a4}"
    ".answer{white-space:pre-wrap;background:#f4f4f4;padding:.4em;border-left:4px solid #595959}"
    "table{border-collapse:collapse}th,td{border:1px solid #767676;padding:.3em .6em;text-align:left}"
)
STATUS = {
    "correct": "Correct",
    "partial": "Partly right",
    "wrong": "Not right",
    "form": "Answer not in the expected form",
    "missing": "No answer",
    "manual": "Awaiting your instructor's score",
    "graded by hand": "Scored by your instructor",
    "recorded": "Recorded",
}


def readable(value) -> str:
    """An answer as a person reads it: lists joined with semicolons, pairs with arrows, no JSON."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{readable(k)} → {readable(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(readable(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def page_names(ids) -> dict[str, str]:
    """A unique, stable file name for each id: a readable part and a hash of the normalised id."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for raw in ids:
        if raw in names:
            continue  # the same id twice: one page
        slug = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in raw)[:40] or "student"
        digest = hashlib.sha256(id_key(raw).encode()).hexdigest()  # id_key drops lone surrogates
        for size in range(8, 65, 4):  # longer only when two ids would share a name
            name = f"{slug}-{digest[:size]}.html"
            if name not in used:
                break
        else:  # sixteen ids that read and normalise alike ("éééé", "Éééé" ...): the id's own hash tells them apart
            name = f"{slug}-{hashlib.sha256(raw.encode('utf-8', 'replace')).hexdigest()}.html"
        names[raw] = name
        used.add(name)
    return names


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _key_text(exercise) -> str:
    if exercise.manual:
        return "scored against the rubric: " + "; ".join(exercise.rubric)
    return exercise_types.describe_key(exercise)  # each type shows its key, with display labels


def _write(path: Path, text: str) -> None:
    # UTF-8 whatever the machine's locale; a character UTF-8 cannot hold (a lone surrogate) becomes "?".
    path.write_bytes(text.encode("utf-8", "replace"))


class _Parts:
    """The pieces of a page that many students share, each escaped once: an exercise's text, an outcome's verdict.

    (Outcomes are shared between students who gave the same answer; see ``kit.grading.grade``.)
    """

    def __init__(self, bank: Bank, counted: tuple[str, ...], show_keys: bool):
        self.outcomes: dict[int, tuple[object, str, str]] = {}
        self.answers: dict[object, str] = {}
        self.exercises = {}
        for exercise_id, exercise in bank.items():
            kind = "counts toward your grade" if exercise_id in counted else "practice, not counted"
            extra = ""
            if show_keys or not exercise.graded:
                extra = f"<p><strong>Answer:</strong> {escape(_key_text(exercise))}</p>"
                if exercise.explanation:
                    extra += f"<p><strong>Why:</strong> {escape(exercise.explanation)}</p>"
            self.exercises[exercise_id] = (f"<p>{escape(kind)}</p><p>{escape(exercise.prompt)}</p>", extra)

    def answer(self, value) -> str:
        # The text depends on the value alone (the token keeps its type: 3 and "3" differ), whatever the exercise.
        token = _token(value)  # None for a long text (an essay is one student's own: not kept)
        if token is None:
            return escape(readable(value))
        text = self.answers.get(token)
        if text is None:
            text = self.answers[token] = escape(readable(value))
        return text

    def verdict(self, outcome, exercise) -> tuple[str, str]:
        # The memo holds each outcome (its first item), so no other outcome can take the id while it is cached.
        cached = self.outcomes.get(id(outcome))
        if cached is None:
            anchor = escape(exercise.id)
            heading = (
                f'<section aria-labelledby="h-{anchor}"><h2 id="h-{anchor}">{anchor}: '
                f"{STATUS.get(outcome.status, escape(outcome.status))}, {outcome.points:g} of {exercise.points:g} "
                "point(s)</h2>"
            )
            messages = "<ul>" + "".join(f"<li>{escape(m)}</li>" for m in outcome.messages) + "</ul>"
            cached = self.outcomes[id(outcome)] = (outcome, heading, messages)
        return cached[1], cached[2]


def student_page(
    result: StudentResult, bank: Bank, possible: float, rule: str, show_keys: bool = True, parts: _Parts | None = None
) -> str:
    """One student's feedback page (HTML)."""
    parts = parts or _Parts(bank, result.counted, show_keys)
    sections = []
    for exercise_id, exercise in bank.items():
        heading, messages = parts.verdict(result.outcomes[exercise_id], exercise)
        about, extra = parts.exercises[exercise_id]
        answer = parts.answer(result.answers[exercise_id]) if exercise_id in result.answers else "No answer."
        sections.append(
            f'{heading}{about}<p><strong>Your answer:</strong></p><div class="answer">{answer}</div>'
            f"{messages}{extra}</section>"
        )
    notes = "".join(f"<li>{escape(n)}</li>" for n in result.notes)
    percent = f"{100 * result.total / possible:.1f}" if possible else "0.0"
    body = (
        f"<h1>Feedback for {escape(result.student)}</h1>"
        f"<p>Total: {result.total:g} of {possible:g} points ({percent}%). What counts: {escape(rule)}. "
        f"Practice points: {result.practice:g}.</p>"
        + (f"<h2>Notes</h2><ul>{notes}</ul>" if notes else "")
        + "".join(sections)
    )
    return _page(f"Feedback for {result.student}", body)


def write_feedback(grading: ClassGrading, bank: Bank, folder: Path, possible: float, show_keys: bool) -> list[Path]:
    """Write every student's page and ``index.html``; return the files written."""
    folder.mkdir(exist_ok=True)
    ok = grading.ok
    names = page_names([r.student for r in ok])
    written = []
    rows = []
    parts = _Parts(bank, grading.counted, show_keys)
    for result in ok:
        path = folder / names[result.student]
        try:
            page = student_page(result, bank, possible, grading.counting_rule, parts=parts)  # parts hold show_keys
        except Exception as err:  # one odd result never stops the class's pages
            result.notes.append(f"feedback page could not be built ({type(err).__name__}); the gradebook is right")
            page = _page(
                f"Feedback for {result.student}",
                f"<h1>Feedback for {escape(result.student)}</h1>"
                f"<p>Total: {result.total:g} of {possible:g} points. Ask your instructor for details.</p>",
            )
        _write(path, page)
        written.append(path)
        rows.append(
            f'<tr><td><a href="{escape(path.name)}">{escape(result.student)}</a></td>'
            f"<td>{result.total:g} / {possible:g}</td></tr>"
        )
    index = folder / "index.html"
    body = (
        f"<h1>Feedback pages ({len(ok)} students)</h1><p>What counts: {escape(grading.counting_rule)}.</p>"
        "<table><caption>One page per student; send each student their own page only.</caption>"
        '<thead><tr><th scope="col">student</th><th scope="col">total</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    _write(index, _page("Feedback pages", body))
    return [*written, index]
