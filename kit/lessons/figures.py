"""Static figures: the stance grid (actors × the two questions), with colour and a text label in every cell.

>>> from kit.case.data import load_case
>>> fig = stance_figure()
>>> len(fig.axes[0].texts) == 2 * len(load_case().actors)
True
"""

from __future__ import annotations

from kit.case.data import Case, resolve_case
from kit.case.schema import QUESTION_LABELS, QUESTIONS
from kit.lessons.palette import STANCE_COLOURS


def stance_figure(case: Case | None = None):
    """A grid: one row per actor, one column per question, each cell coloured and labelled with the stance."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    case = resolve_case(case)
    actors = case.actors
    figure = Figure(figsize=(8, 0.42 * len(actors) + 1.2), dpi=80, layout="constrained")
    ax = figure.add_subplot()
    for row, (_actor_id, actor) in enumerate(actors.iterrows()):
        for column, question in enumerate(QUESTIONS):
            stance = actor[f"{question}_stance"]
            ax.add_patch(Rectangle((column, row), 1, 1, facecolor=STANCE_COLOURS[stance], edgecolor="#444444"))
            label = "not stated" if stance.startswith("not stated") else stance
            ax.text(column + 0.5, row + 0.5, label, ha="center", va="center", fontsize=9)
    ax.set_xlim(0, len(QUESTIONS))
    ax.set_ylim(len(actors), 0)
    ax.set_xticks([i + 0.5 for i in range(len(QUESTIONS))], [QUESTION_LABELS[q] for q in QUESTIONS])
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(actors))], list(actors.name))
    ax.tick_params(length=0)
    ax.set_title("What the article shows each actor wants", fontsize=11)
    return figure
