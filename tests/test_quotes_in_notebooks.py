"""Every quotation in the notebooks' prose is verbatim from a source (article, treaty, research notes)."""

from __future__ import annotations

import json
import re

from .conftest import ROOT, SEEDS

# Quoted phrases that are the kit's own words (terms, a motion, a cloze), not quotations of a source.
KIT_PHRASES = {
    "paragraph 5",
    "not stated",
    "The Council will study the opening of a NATO liaison office in Tokyo.",
    "______ version of NATO",
    "geography is stubborn",
    "geography can be stubborn",
    "no office",
    "knowing",
}


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text)


def sources() -> str:
    """The article and the treaty whole, but of the research notes only what they print between quotation marks:
    the notes' own summaries are not quotations of anyone."""
    texts = [
        (SEEDS / "sources" / f).read_text(encoding="utf-8")
        for f in ("000_7aa58db911bb6637.txt", "north_atlantic_treaty.txt")
    ]
    for notes in ("context_facts.md", "context_facts_2.md"):
        lines = (SEEDS / "sources" / notes).read_text(encoding="utf-8").splitlines()
        texts += [span for line in lines for span in line.split('"')[1::2]]
    return normalise("\n".join(texts))


def quotations(markdown: str):
    prose = re.sub(r"`[^`]*`", "", markdown)  # code is not prose
    # An exercise list restates the bank's prompts, whose quoted claims are a student's words to weigh, not sources'.
    prose = re.sub(r"^- \*\*[a-z0-9-]+\*\* \((?:practice|graded)\b.*$", "", prose, flags=re.M)
    prose = prose.replace("**", "").replace("<details>", "").replace("</details>", "")
    prose = re.sub(r"^> ?", "", prose, flags=re.M)  # a block quotation's markers are layout, not words
    for paragraph in prose.split("\n\n"):  # a quotation may wrap onto the next line, never past a paragraph
        yield from re.findall(r"[“\"]([^”\"]{6,}?)[”\"]", paragraph.replace("\n", " "))


def test_notebook_quotations_are_verbatim():
    corpus = sources()
    checked = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        for quote in quotations(markdown):
            if quote.strip() in KIT_PHRASES:
                continue
            for part in re.split(r"…|\.\.\.", quote):
                part = normalise(part).strip(" .,;:")
                if part:
                    assert part in corpus, f"{path.name}: “{quote}” is not verbatim in the sources"
                    checked += 1
    assert checked > 40
