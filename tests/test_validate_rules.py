"""Every rule of the validator, one broken copy of the case each: the problem names the file, the row and the field.

The edits are written by hand from the case files; the expected (file, row, field) is what a person editing
that file would look for, not read from the validator.
"""

from __future__ import annotations

import pytest

from kit.case.validate import validate_case

from .conftest import replace_in


def drop_line(path, start: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, f"test set-up: no single line starting {start!r} in {path.name}"
    path.write_text("".join(kept), encoding="utf-8")


def repeat_line(path, start: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(line for line in lines if line.startswith(start))
    path.write_text("".join(lines) + line, encoding="utf-8")


BREAKAGES = {
    # article.csv: one record whose title and attribution are the article's own words, events in order
    "a second article row": (lambda d: repeat_line(d / "article.csv", "article,"), ("article.csv", "", "")),
    "a title that is not the article's": (
        lambda d: replace_in(d / "article.csv", "article,Mixed Messages", "article,Mixed Signals"),
        ("article.csv", "article", "title"),
    ),
    "an attribution not in the article": (
        lambda d: replace_in(d / "article.csv", "© TheJapantimes,", "© The Japan Times,"),
        ("article.csv", "article", "attribution_as_printed"),
    ),
    "events ending before they start": (
        lambda d: replace_in(d / "article.csv", "2023-07-11,2023-07-12,vilnius", "2023-07-12,2023-07-11,vilnius"),
        ("article.csv", "article", "events_end"),
    ),
    # statements.csv: the paragraph of the span, speakers for quotes and paraphrases only, known tags
    "a statement in the wrong paragraph": (
        lambda d: replace_in(d / "statements.csv", "France,1,220,254", "France,2,220,254"),
        ("statements.csv", "france-opposes", "paragraph"),
    ),
    "narration with a speaker": (
        lambda d: replace_in(d / "statements.csv", "article-debate,narration,,", "article-debate,narration,france,"),
        ("statements.csv", "article-debate", "speaker"),
    ),
    "a paraphrase without a speaker": (
        lambda d: replace_in(d / "statements.csv", "france-opposes,paraphrase,france,", "france-opposes,paraphrase,,"),
        ("statements.csv", "france-opposes", "speaker"),
    ),
    "an unknown tag": (
        lambda d: replace_in(
            d / "statements.csv",
            "France has firmly opposed the plan,office,",
            "France has firmly opposed the plan,offices,",
        ),
        ("statements.csv", "france-opposes", "tags"),
    ),
    # stances.csv: exactly one row per actor and question
    "a repeated stance": (
        lambda d: repeat_line(d / "stances.csv", "macron,office,"),
        ("stances.csv", "macron/office", "question"),
    ),
    "a missing stance": (
        lambda d: drop_line(d / "stances.csv", "macron,engagement,"),
        ("stances.csv", "macron/engagement", "stance"),
    ),
    # context.csv: a reported fact names its outlet; partial dates are YYYY, YYYY-MM or YYYY-MM-DD
    "a reported fact without its outlet": (
        lambda d: replace_in(
            d / "context.csv", ",VERIFIED (reported),Wikipedia,wikipedia-nat,", ",VERIFIED (reported),,wikipedia-nat,"
        ),
        ("context.csv", "ctx-hawaii-1965", "reported_by"),
    ),
    "a partial date in words": (
        lambda d: replace_in(
            d / "context.csv",
            "ctx-hawaii-1965,context_facts.md,1.5,treaty,1965-08,",
            "ctx-hawaii-1965,context_facts.md,1.5,treaty,Aug 1965,",
        ),
        ("context.csv", "ctx-hawaii-1965", "date"),
    ),
    # places.csv: yes or no
    "a yes/no column with another word": (
        lambda d: replace_in(
            d / "places.csv",
            "brussels,Brussels,NATO capital,BEL,Europe,,no,",
            "brussels,Brussels,NATO capital,BEL,Europe,,n,",
        ),
        ("places.csv", "brussels", "island"),
    ),
    # sources.csv: the files it names exist
    "a source file that is not there": (
        lambda d: replace_in(d / "sources.csv", "sources/north_atlantic_treaty.txt,", "sources/no_such_treaty.txt,"),
        ("sources.csv", "treaty", "file"),
    ),
    # the treaty text: every article is there
    "an article missing from the treaty": (
        lambda d: replace_in(d / "sources" / "north_atlantic_treaty.txt", "\nArticle 7\n", "\nArticle seven\n"),
        ("sources/north_atlantic_treaty.txt", "art-7", ""),
    ),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_each_rule_names_the_file_row_and_field(seeds_copy, breakage):
    edit, (file, row_id, field) = BREAKAGES[breakage]
    edit(seeds_copy)
    report = validate_case(seeds_copy)
    assert not report.ok, f"{breakage}: the validator found nothing"
    named = [(p.file, p.row_id, p.field) for p in report.problems]
    assert (file, row_id, field) in named, f"{breakage}: {named}"
    assert file in report.report()
