"""Print the exercise bank's mix of Bloom levels: items and points per level, auto-scored and free text.

Run from the repository root:

    .venv/bin/python scripts/level_mix.py              # the kit's bank (exercises/)
    .venv/bin/python scripts/level_mix.py FOLDER       # another bank folder

"Auto-scored" items are checked by the kit (every type but ``free``); free-text items are scored by the
instructor with their rubric. The last lines give the share of auto-scored points at Apply or above
(apply, analyse, evaluate, create), for the graded items and for the whole bank.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit.exercises.bank import LEVELS, load_bank  # noqa: E402

APPLY_OR_ABOVE = LEVELS[LEVELS.index("apply") :]


@dataclass
class Tally:
    items: int = 0
    points: float = 0

    def add(self, points: float) -> None:
        self.items += 1
        self.points += points


@dataclass
class LevelMix:
    """Items and points per (level, auto-scored or free, graded or practice)."""

    cells: dict[tuple[str, str, str], Tally] = field(default_factory=dict)

    def tally(self, level: str, scoring: str, use: str) -> Tally:
        return self.cells.setdefault((level, scoring, use), Tally())

    def points(self, levels=LEVELS, scoring=("auto", "free"), use=("graded", "practice")) -> float:
        return sum(t.points for (lv, sc, us), t in self.cells.items() if lv in levels and sc in scoring and us in use)

    def share_apply_or_above(self, use=("graded", "practice")) -> float:
        """Share of auto-scored points at Apply or above (0 to 1)."""
        total = self.points(scoring=("auto",), use=use)
        return self.points(APPLY_OR_ABOVE, ("auto",), use) / total if total else 0.0


def level_mix(bank) -> LevelMix:
    mix = LevelMix()
    for exercise in bank.values():
        scoring = "free" if exercise.type == "free" else "auto"
        use = "graded" if exercise.graded else "practice"
        mix.tally(exercise.level or "(no level)", scoring, use).add(exercise.points)
    return mix


def report(mix: LevelMix) -> str:
    header = f"{'level':<11}{'auto graded':>14}{'auto practice':>16}{'free graded':>14}{'all':>12}"
    lines = ["Exercise bank: items / points per Bloom level", header, "-" * len(header)]
    levels = [lv for lv in (*LEVELS, "(no level)") if any(k[0] == lv for k in mix.cells)]
    for level in levels:
        row = f"{level:<11}"
        for scoring, use, width in (("auto", "graded", 14), ("auto", "practice", 16), ("free", "graded", 14)):
            tally = mix.cells.get((level, scoring, use), Tally())
            row += f"{tally.items:>{width - 6}} / {tally.points:<3g}"
        items = sum(t.items for k, t in mix.cells.items() if k[0] == level)
        row += f"{items:>6} / {mix.points((level,)):<3g}"
        lines.append(row)
    lines.append("-" * len(header))
    graded_auto = mix.points(scoring=("auto",), use=("graded",))
    all_auto = mix.points(scoring=("auto",))
    lines += [
        f"Auto-scored points: {graded_auto:g} graded, {all_auto - graded_auto:g} practice; "
        f"free-text points (instructor): {mix.points(scoring=('free',)):g}",
        f"Share of graded auto-scored points at apply or above: {mix.share_apply_or_above(('graded',)):.0%}",
        f"Share of all auto-scored points at apply or above: {mix.share_apply_or_above():.0%}",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    bank = load_bank(argv[0] if argv else None)
    print(report(level_mix(bank)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
