"""Sort each item into one category (covered / not covered / contested…): a matching with named categories."""

from __future__ import annotations

from kit.exercises.types.matching import Matching


class Classify(Matching):
    name = "classify"


TYPE = Classify()
