"""The ``python -m kit`` command line.

>>> main(["validate", "seeds"])  # doctest: +ELLIPSIS
seeds: valid (...).
0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import case_directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit", description="The NATO–Tokyo teaching kit.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser("validate", help="check a case directory and print a report")
    validate.add_argument("directory", nargs="?", help="the case directory (default: the kit's seeds/)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.directory)
    parser.print_help()
    return 2


def _validate(directory: str | None) -> int:
    from .validate import validate_case

    folder = Path(directory) if directory else case_directory()
    if not folder.is_dir():
        print(f"{folder}: no such folder. Give the folder that holds actors.csv, statements.csv and the others.")
        return 1
    files = validate_case(folder)
    print(files.report())
    return 0 if files.ok else 1


if __name__ == "__main__":
    sys.exit(main())
