"""The ``python -m kit`` command line.

>>> main(["validate", "seeds"])  # doctest: +ELLIPSIS
seeds: valid (...).
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kit.case.data import case_directory
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
    grade = commands.add_parser("grade", help="grade answer sheets and submission zips")
    grade.add_argument("submissions", nargs="+", help="files or folders of .json sheets and .zip bundles")
    grade.add_argument("--out", required=True, help="folder for the gradebook, LMS files, feedback and summary")
    grade.add_argument("--reveal", action="store_true", help="show the keys of graded items in feedback pages")
    grade.add_argument("--manual", help="the free_text.csv with your rubric scores filled in")
    grade.add_argument("--assignment", default="NATO Tokyo kit", help="the assignment's name in the LMS files")
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
    from kit.case.validate import validate_case

    folder = Path(directory) if directory else case_directory()
    if not folder.is_dir():
        print(f"{folder}: no such folder. Give the folder that holds actors.csv, statements.csv and the others.")
        return 1
    files = validate_case(folder)
    print(files.report())
    return 0 if files.ok else 1


if __name__ == "__main__":
    sys.exit(main())


def _key(as_json: bool) -> int:
    from kit.exercises.bank import load_bank

    bank = load_bank()
    if bank.released:
        print("No answer key is present: this is a student copy. The key stays in the instructor copy.")
        return 1
    if as_json:
        print(json.dumps({e.id: e.answer for e in bank.values() if e.type != "free"}, ensure_ascii=False, indent=1))
        return 0
    for notebook, exercises in bank.by_notebook().items():
        print(f"## {notebook}\n")
        for e in exercises:
            kind = "graded" if e.graded else "practice"
            key = "; ".join(e.rubric) if e.type == "free" else e.answer
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
    from kit.grading.grade import grade_files
    from kit.grading.reports import apply_manual_scores, write_reports

    bank = load_bank()
    paths = [Path(p) for p in args.submissions]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"Error: not found: {', '.join(missing)}. Give files or folders of submissions.", file=sys.stderr)
        return 1
    results = grade_files(paths, bank, show_progress=not args.quiet)
    problems = apply_manual_scores(results, bank, Path(args.manual)) if args.manual else []
    counts = write_reports(results, bank, Path(args.out), args.assignment, reveal=args.reveal)
    print(f"Graded {counts['students']} student(s) out of {counts['max']:g} points; ", end="")
    print(f"{counts['errors']} file(s) had errors.")
    for result in results:
        if result.status != "ok":
            print(f"  {result.source}: {result.status}")
        for note in result.notes:
            if note.startswith(tuple("0123456789")):
                print(f"  {note}")
    for problem in problems:
        print(f"  {problem}")
    print(f"Written to {args.out}: gradebook.csv, canvas.csv, moodle.csv, feedback/, class_summary.csv, ")
    print("  difficulty.png, distribution.png, free_text.csv (score it, then run again with --manual).")
    return 0


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
