"""benchmarks/mutation_equivalent.txt stays trustworthy: one known mutant per line, each with its reason.

`make mutation` scores with and without these survivors, so a line that names no real mutant, names one twice or
gives no reason would silently move the score.
"""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch

from .conftest import ROOT

LISTED = ROOT / "benchmarks" / "mutation_equivalent.txt"
NAME = re.compile(r"(kit(?:\.\w+)+)\.x(?:ǁ\w+ǁ\w+|_\w+?)__mutmut_\d+")


def entries() -> list[tuple[str, str]]:
    found = []
    for line in LISTED.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, reason = line.partition(":")
            found.append((name.strip(), reason.strip()))
    return found


def test_every_equivalent_names_a_mutant_of_a_mutated_module_once_with_its_reason():
    mutated = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]["only_mutate"]
    listed = entries()
    assert listed, "the file lists no equivalent mutant"
    names = [name for name, _ in listed]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    for name, reason in listed:
        match = NAME.fullmatch(name)
        assert match, f"not a mutmut mutant name: {name!r}"
        module = match.group(1).replace(".", "/")
        path = f"{module}.py" if (ROOT / f"{module}.py").is_file() else f"{module}/__init__.py"
        assert (ROOT / path).is_file(), f"{name}: no module {path}"
        assert any(fnmatch(path, pattern) for pattern in mutated), f"{name}: {path} is not mutated by make mutation"
        assert len(reason.split()) >= 4, f"{name}: give the reason it changes no behaviour (found {reason!r})"
