"""The ``python -m kit`` command line.

>>> main(["validate"])  # the kit's own seeds/ (or $KIT_CASE_DIR)  # doctest: +ELLIPSIS
/.../seeds: valid (...).
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kit.core.errors import KitError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit", description="The NATO–Tokyo teaching kit.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser("validate", help="check a case directory and print a report")
    validate.add_argument("directory", nargs="?", help="the case directory (default: the kit's seeds/)")
    key = commands.add_parser("key", help="print the answer key (instructor copy only)")
    key.add_argument("--json", action="store_true", help="as JSON, in the form kit.check accepts")
    release = commands.add_parser("release", help="build the student copy in a new folder")
    release.add_argument("out", help="a new, empty folder")
    grade = commands.add_parser(
        "grade",
        help="grade answer sheets and submission zips",
        description="Grade a class. Answers are data: nothing a student wrote is imported or run. What counts: "
        "graded items only (practice points are shown, not counted) unless --count-practice.",
    )
    grade.add_argument(
        "submissions",
        nargs="+",
        help="files or folders of .json sheets and .zip bundles, or a "
        "folder written by `kit collect` (with collect-manifest.json)",
    )
    grade.add_argument("--out", required=True, help="folder for the gradebook, LMS files, feedback and summary")
    grade.add_argument(
        "--manual",
        action="append",
        default=[],
        metavar="CSV",
        help="a score file (the free_text.csv you filled in); scores already in OUT/free_text.csv "
        "are always carried forward",
    )
    grade.add_argument("--assignment", default="NATO Tokyo kit", help="the assignment's name in the LMS files")
    grade.add_argument(
        "--canvas-assignment-id",
        type=int,
        metavar="N",
        help="update the existing Canvas assignment with this id (the column becomes 'NAME (N)')",
    )
    grade.add_argument(
        "--roster",
        metavar="CSV",
        help="the class list exported by your LMS (Canvas gradebook "
        "export or a Moodle export with a Username column): students not on it are left out of "
        "canvas.csv and moodle.csv, and listed",
    )
    grade.add_argument(
        "--provisional",
        action="store_true",
        help="write the LMS files even while free-text answers are unscored (they count 0)",
    )
    grade.add_argument("--count-practice", action="store_true", help="count practice items in the total too")
    grade.add_argument(
        "--withhold-keys",
        action="store_true",
        help="feedback pages without the keys and explanations of graded items (e.g. late work due)",
    )
    grade.add_argument("--reveal", action="store_true", help=argparse.SUPPRESS)  # keys are shown by default now
    grade.add_argument("--time-limit", type=float, default=5.0, metavar="S", help="seconds per file (default 5)")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    student = commands.add_parser("set-student", help="record your answers under this student id")
    student.add_argument("student_id", help="the id your instructor knows you by")
    submit = commands.add_parser("submit", help="pack your answers and notebooks; on a hub, hand them in")
    submit.add_argument("--out", help="where to write the zip (default: the submissions/ folder of your work folder)")
    submit.add_argument("--notebooks", help="the folder of your notebooks (default: here, or notebooks/)")
    collect = commands.add_parser("collect", help="instructors: fetch each student's latest submission for grading")
    collect.add_argument("--out", required=True, help="folder for the zips and collect-manifest.json")
    collect.add_argument("--exchange", help="the exchange's URL (default: $KIT_EXCHANGE_URL)")
    collect.add_argument("--dropbox", help="a directory drop box instead (default: $KIT_DROPBOX)")
    dropbox = commands.add_parser("dropbox-init", help="instructors: create a directory drop box (run as root)")
    dropbox.add_argument("folder", help="e.g. /srv/kit-dropbox")
    commands.add_parser("doctor", help="check this environment and say what to fix")
    args = parser.parse_args(argv)
    handlers = {
        "doctor": _doctor,
        "validate": lambda: _validate(args.directory),
        "key": lambda: _key(args.json),
        "release": lambda: _release(Path(args.out)),
        "grade": lambda: _grade(args),
        "submit": lambda: _submit(args.out, args.notebooks),
        "set-student": lambda: _set_student(args.student_id),
        "collect": lambda: _collect(args),
        "dropbox-init": lambda: _dropbox_init(Path(args.folder)),
    }
    if args.command not in handlers:
        parser.print_help()
        return 2
    try:
        return handlers[args.command]()
    except KitError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1


def _validate(directory: str | None) -> int:
    from kit.case.data import case_directory  # pandas: imported only for the commands that read the case
    from kit.case.validate import validate_case

    folder = Path(directory) if directory else case_directory()
    if not folder.is_dir():
        print(f"{folder}: no such folder. Give the folder that holds actors.csv, statements.csv and the others.")
        return 1
    files = validate_case(folder)
    print(files.report())
    return 0 if files.ok else 1


def _key(as_json: bool) -> int:
    from kit.exercises.bank import load_bank

    bank = load_bank()
    if bank.released:
        print("No answer key is present: this is a student copy. The key stays in the instructor copy.")
        return 1
    if as_json:
        print(json.dumps({e.id: e.answer for e in bank.values() if not e.manual}, ensure_ascii=False, indent=1))
        return 0
    for notebook, exercises in bank.by_notebook().items():
        print(f"## {notebook}\n")
        for e in exercises:
            kind = "graded" if e.graded else "practice"
            key = "; ".join(e.rubric) if e.manual else e.answer
            print(f"- **{e.id}** ({e.type}, {kind}, {e.points:g} pt): {e.prompt}")
            print(f"  - key: {key}\n  - why: {e.explanation}")
        print()
    return 0


def _release(out: Path) -> int:
    from kit.classroom.release import build_release

    files = build_release(out)
    print(f"Student copy written to {out} ({len(files)} files); no graded key in it (checked).")
    print("Give students that folder (or a zip of it). They start with `make lab`.")
    return 0


def _grade(args) -> int:
    from kit.exercises.bank import load_bank
    from kit.grading.grade import grade_class
    from kit.grading.identity import terminal_safe
    from kit.grading.lms import check_assignment_name, read_roster
    from kit.grading.reports import write_reports
    from kit.grading.rubric import apply_marks, load_marks

    paths = [Path(p) for p in args.submissions]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise KitError(f"not found: {', '.join(missing)}. Give files or folders of submissions.")
    out = _output_folder(Path(args.out))
    assignment = check_assignment_name(args.assignment)
    roster = read_roster(Path(args.roster)) if args.roster else None
    bank = load_bank()
    marks = load_marks(out, [Path(m) for m in args.manual], bank)  # refused before any work if unreadable
    grading = grade_class(
        paths, bank, not args.quiet, args.time_limit, count_practice=args.count_practice, exclude=(out,)
    )
    notes = apply_marks(grading, bank, marks)
    written = write_reports(
        grading, bank, out, assignment, marks, not args.withhold_keys, args.provisional, roster,
        args.canvas_assignment_id,
    )  # fmt: skip
    say = lambda text: print(terminal_safe(text))  # noqa: E731 - ids come from students: never print raw
    say(
        f"Graded {written.students} student(s) out of {written.possible:g} points ({grading.counting_rule}); "
        f"{written.errors} file(s) had errors."
    )
    say(f"  {grading.identity_rule}.")
    for result in grading.results:
        if result.status != "ok":
            say(f"  {result.source}: {result.status}")
    if grading.conflicts:
        say(
            f"ATTENTION: {len(grading.conflicts)} identity problem(s) (two sheets under one id, identical sheets, "
            "similar ids): nothing was dropped; read conflicts.csv before you upload grades."
        )
        for conflict in grading.conflicts[:10]:
            say(f"  {conflict.kind}: {conflict.student}: {conflict.detail}")
    for note in notes:
        say(f"  {note}")
    if written.unscored and not written.lms_written:
        say(
            f"LMS files not written: {len(written.unscored)} free-text answer(s) have no score yet. Score them in "
            f"{out / 'free_text.csv'} and run the same command again (or add --provisional to upload now, "
            "counting them 0)."
        )
    elif written.unscored:
        say(f"PROVISIONAL: {len(written.unscored)} free-text answer(s) unscored count 0 in canvas.csv/moodle.csv.")
    if written.not_on_roster:
        say(f"Not on the roster, left out of the LMS files: {', '.join(written.not_on_roster[:20])}")
    say(
        f"Written to {out}: gradebook.csv, conflicts.csv, free_text.csv, feedback/ (index.html), summary.html, "
        "class_summary.csv, difficulty.svg, distribution.svg"
        + (", canvas.csv, moodle.csv." if written.lms_written else ".")
    )
    return 0


def _output_folder(out: Path) -> Path:
    """The output folder, created and checked for writing before any grading is done."""
    if out.exists() and not out.is_dir():
        raise KitError(f"--out {out} is a file. Give a folder (it is created if missing), e.g. --out grading/.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".kit-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as err:
        raise KitError(f"--out {out} cannot be written ({err.strerror}). Choose a folder you can write to.") from None
    return out


def _submit(out: str | None, notebooks: str | None) -> int:
    from kit.classroom.submit import submit

    result = submit(out, notebooks)
    print(result)
    return 1 if any(kind == "bad" for kind, _ in result.blocks) or "❌" in str(result) else 0


def _set_student(student_id: str) -> int:
    from kit.classroom.submit import set_student

    result = set_student(student_id)
    print(result)
    return 1 if any(kind == "bad" for kind, _ in result.blocks) else 0


def _collect(args) -> int:
    from kit.classroom.collect import MANIFEST, collect

    out = Path(args.out)
    result = collect(out, url=args.exchange, folder=Path(args.dropbox) if args.dropbox else None)
    print(f"Collected the latest submission of {len(result.submissions)} student(s) into {out}.")
    for row in result.submissions:
        claimed = "" if row["sheet_student"] == row["hub_user"] else f" (the sheet says {row['sheet_student']!r})"
        print(f"  {row['hub_user']}{claimed}: {row['versions']} version(s), latest received {row['received_at']}")
    for problem in result.problems:
        print(f"  problem: {problem}", file=sys.stderr)
    print(f"Manifest: {out / MANIFEST}. Next: python -m kit grade {out} --out grading/")
    return 1 if result.problems else 0


def _dropbox_init(folder: Path) -> int:
    from kit.classroom.exchange.dropbox import init

    inbound = init(folder)
    print(f"Drop box ready: {inbound} (mode 1733: students can hand in but not list or touch others' files).")
    print(f"Give every student's server KIT_DROPBOX={folder}. Only safe where each student has their own uid.")
    return 0


def _doctor() -> int:
    from kit.classroom.doctor import main as doctor

    return doctor()


if __name__ == "__main__":
    sys.exit(main())
