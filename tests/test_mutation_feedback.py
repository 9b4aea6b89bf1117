"""Feedback pages as a student or a screen reader gets them: parsed back into headings, sections, tables and text.

The bank is hand-written here (keys, labels and points chosen by hand), so every expected heading, total and key
below is worked out by hand: ada answers everything right (the memo waits for the instructor), bob gets the number
right and the rest wrong or blank. Graded points: n-num 2 + c-place 1 + f-memo 4 = 7.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from kit.exercises.bank import load_bank
from kit.grading import feedback
from kit.grading.feedback import page_names, readable, student_page, write_feedback
from kit.grading.grade import grade_class

BANK = """
notebook = "01_mini"

[[exercise]]
id = "n-num"
type = "numeric"
graded = true
points = 2
prompt = "How many members had NATO on 11 July 2023?"
answer = 31
explanation = "Finland joined in April 2023: 31."

[[exercise]]
id = "c-place"
type = "classify"
graded = true
prompt = "Covered on 11 July 2023?"
items = ["canary-islands", "honolulu"]
choices = ["covered", "not covered"]
answer = ["covered", "not covered"]
explanation = "The islands clause; Hawaii fails every clause."

[[exercise]]
id = "p-num"
type = "numeric"
graded = false
prompt = "<b>Roughly</b> how many km from Vilnius to Tokyo & back, one way?"
answer = 8200
tolerance = 400
explanation = "About <8,200> km."

[[exercise]]
id = "f-memo"
type = "free"
graded = true
points = 4
prompt = "Should NATO open an office in Tokyo?"
rubric = ["states a recommendation", "weighs France's objection"]
model_answer = "Not now."
explanation = "A strong memo weighs France's objection."
"""
RULE = "graded items only; practice points shown, not counted"
MEMO = "<script>alert(1)</script> Not now & later."
KEYS = {  # what each section says the answer is: the key with display names, numbers grouped by thousands
    "n-num": "31",
    "c-place": "Las Palmas (Canary Islands) → covered; Honolulu (Hawaii) → not covered",
    "p-num": "8,200",
    "f-memo": "scored against the rubric: states a recommendation; weighs France's objection",
}
WHY = {
    "n-num": "Finland joined in April 2023: 31.",
    "c-place": "The islands clause; Hawaii fails every clause.",
    "p-num": "About <8,200> km.",
    "f-memo": "A strong memo weighs France's objection.",
}


# -- a small DOM, from the standard library's parser -------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    def all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found += child.all(tag)
        return found

    def one(self, tag: str) -> Node:
        (found,) = self.all(tag)
        return found

    def own(self, tag: str) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def loose_text(self) -> str:
        """Text directly inside this element, outside its child elements."""
        return "".join(c for c in self.children if isinstance(c, str))


class _Builder(HTMLParser):
    VOID = {"meta", "img", "br", "link", "input", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"  # well nested
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


STRUCTURE = {"html", "head", "body", "main", "section", "ul", "table", "thead", "tbody", "tr"}


def parse(page: str) -> Node:
    builder = _Builder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"

    def no_stray_text(node: Node) -> None:  # text outside headings, paragraphs and cells would be read out loose
        if node.tag in STRUCTURE:
            assert not node.loose_text.strip(), (node.tag, node.loose_text)
        for child in node.children:
            if isinstance(child, Node):
                no_stray_text(child)

    no_stray_text(builder.root)
    return builder.root


@dataclass
class Section:
    heading: str
    kind: str
    prompt: str
    answer: str
    messages: list[str]
    key: str | None
    why: str | None


def sections(doc: Node) -> dict[str, Section]:
    found = {}
    for section in doc.one("main").own("section"):
        h2 = section.one("h2")
        assert section.attrs["aria-labelledby"] == h2.attrs["id"]  # the landmark is named by its heading
        paragraphs = [p.text for p in section.own("p")]
        labelled = {p.one("strong").text: p.loose_text.strip() for p in section.own("p") if p.all("strong")}
        (answer,) = [d for d in section.own("div") if d.attrs.get("class") == "answer"]
        (messages,) = section.own("ul")
        assert not messages.loose_text.strip()
        exercise_id = h2.attrs["id"].removeprefix("h-")
        found[exercise_id] = Section(
            heading=h2.text,
            kind=paragraphs[0],
            prompt=paragraphs[1],
            answer=answer.text,
            messages=[li.text for li in messages.own("li")],
            key=labelled.get("Answer:"),
            why=labelled.get("Why:"),
        )
    return found


# -- the class -----------------------------------------------------------------------------------------------------


def sheet(student, answers):
    answers = {k: {"value": v, "time": "2026-11-29T10:00:00+00:00", "attempts": 1} for k, v in answers.items()}
    return {"format": "kit-answers/1", "student": student, "answers": answers}


@pytest.fixture
def bank(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "01_mini.toml").write_text(BANK, encoding="utf-8")
    return load_bank(folder)


@pytest.fixture
def grading(bank, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    ada = {"n-num": 31, "c-place": ["covered", "not covered"], "p-num": 8000, "f-memo": MEMO}
    bob = {"n-num": 31, "c-place": ["not covered", "covered"], "p-num": 500}
    (subs / "ada.json").write_text(json.dumps(sheet("ada", ada)), encoding="utf-8")
    (subs / "bob.json").write_text(json.dumps(sheet("bob <&>", bob)), encoding="utf-8")
    return grade_class([subs], bank, False)


def result_of(grading, student):
    return next(r for r in grading.ok if r.student == student)


def test_a_students_page_reads_as_one_headed_section_per_exercise(bank, grading):
    ada = result_of(grading, "ada")
    ada.notes[:] = []
    doc = parse(student_page(ada, bank, 7, RULE))  # keys shown unless the instructor holds them back
    assert doc.one("html").attrs["lang"] == "en"
    assert doc.one("title").text == "Feedback for ada"
    main = doc.one("main")
    assert main.one("h1").text == "Feedback for ada"
    assert main.own("p")[0].text == f"Total: 3 of 7 points (42.9%). What counts: {RULE}. Practice points: 1."
    assert [h.text for h in main.all("h2")] == [  # no Notes heading: ada has no notes
        "n-num: Correct, 2 of 2 point(s)",
        "c-place: Correct, 1 of 1 point(s)",
        "p-num: Correct, 1 of 1 point(s)",
        "f-memo: Awaiting your instructor's score, 0 of 4 point(s)",
    ]
    found = sections(doc)
    assert list(found) == ["n-num", "c-place", "p-num", "f-memo"]
    assert [s.kind for s in found.values()] == [
        "counts toward your grade",
        "counts toward your grade",
        "practice, not counted",
        "counts toward your grade",
    ]
    assert found["p-num"].prompt == "<b>Roughly</b> how many km from Vilnius to Tokyo & back, one way?"  # as text
    assert [s.answer for s in found.values()] == ["31", "covered; not covered", "8000", MEMO]  # as text
    assert not doc.all("script") and not doc.all("b")
    assert {k: s.key for k, s in found.items()} == KEYS
    assert {k: s.why for k, s in found.items()} == WHY
    assert found["n-num"].messages == ["Well done."]


def test_blank_and_wrong_answers_and_notes(bank, grading):
    bob = result_of(grading, "bob <&>")
    bob.notes[:] = ["sheet found twice <kept the newer>", "second note"]
    doc = parse(student_page(bob, bank, 7, RULE, show_keys=True))
    main = doc.one("main")
    assert doc.one("title").text == main.one("h1").text == "Feedback for bob <&>"
    assert main.own("p")[0].text.startswith("Total: 2 of 7 points (28.6%).")
    assert main.own("h2")[0].text == "Notes"
    assert [li.text for li in main.own("ul")[0].own("li")] == bob.notes
    found = sections(doc)
    assert found["c-place"].heading == "c-place: Not right, 0 of 1 point(s)"
    assert found["c-place"].messages == [  # two messages, two list items
        "Look again at: Las Palmas (Canary Islands)",
        "Look again at: Honolulu (Hawaii)",
    ]
    assert found["f-memo"].heading == "f-memo: No answer, 0 of 4 point(s)"
    assert found["f-memo"].answer == "No answer." and found["f-memo"].messages == []


def test_a_long_answer_is_shown_whole_and_escaped(bank, grading):
    ada = result_of(grading, "ada")
    ada.answers["f-memo"] = essay = "<p>Geography is stubborn & so is France.</p> " * 20  # over 500 characters
    assert sections(parse(student_page(ada, bank, 7, RULE)))["f-memo"].answer == essay


def test_keys_held_back_hide_graded_answers_but_not_practice_ones(bank, grading):
    doc = parse(student_page(result_of(grading, "ada"), bank, 7, RULE, show_keys=False))
    found = sections(doc)
    assert {k: (s.key, s.why) for k, s in found.items()} == {
        "n-num": (None, None),
        "c-place": (None, None),
        "p-num": (KEYS["p-num"], WHY["p-num"]),
        "f-memo": (None, None),
    }


def test_an_unknown_status_is_shown_escaped_and_nothing_possible_reads_zero(bank, grading):
    bob = result_of(grading, "bob <&>")
    odd = bob.outcomes["n-num"]
    bob.outcomes["n-num"] = dataclasses.replace(odd, status="<odd>")
    doc = parse(student_page(bob, bank, 0, RULE))
    assert doc.one("main").own("p")[0].text.startswith("Total: 2 of 0 points (0.0%).")
    assert sections(doc)["n-num"].heading == "n-num: <odd>, 2 of 2 point(s)"


def test_the_index_lists_every_page_in_a_captioned_table(bank, grading, tmp_path):
    folder = tmp_path / "feedback"
    grading.counting_rule = "graded <only>"
    written = write_feedback(grading, bank, folder, 7, show_keys=True)
    assert sorted(written) == sorted(folder.iterdir()) and written[-1] == folder / "index.html"
    doc = parse((folder / "index.html").read_bytes().decode("utf-8"))
    assert doc.one("title").text == "Feedback pages"
    main = doc.one("main")
    assert main.one("h1").text == "Feedback pages (2 students)"
    assert main.own("p")[0].text == "What counts: graded <only>."
    table = main.one("table")
    assert table.one("caption").text == "One page per student; send each student their own page only."
    headers = table.one("thead").all("th")
    assert [(th.text, th.attrs["scope"]) for th in headers] == [("student", "col"), ("total", "col")]
    rows = table.one("tbody").own("tr")
    assert [[td.text for td in tr.own("td")] for tr in rows] == [["ada", "3 / 7"], ["bob <&>", "2 / 7"]]
    for tr, student in zip(rows, ["ada", "bob <&>"], strict=True):
        page = folder / tr.one("a").attrs["href"]
        assert parse(page.read_bytes().decode("utf-8")).one("h1").text == f"Feedback for {student}"
    own = {
        "ada": ["31", "covered; not covered", "8000", MEMO],
        "bob <&>": ["31", "not covered; covered", "500", "No answer."],
    }
    for student, answers in own.items():  # each page shows that student's own answers, and the keys
        found = sections(parse((folder / page_names([student])[student]).read_text(encoding="utf-8")))
        assert [s.answer for s in found.values()] == answers
        assert {k: s.key for k, s in found.items()} == KEYS


def test_write_feedback_holds_keys_back_when_asked(bank, grading, tmp_path):
    write_feedback(grading, bank, tmp_path, 7, show_keys=False)
    for student in ("ada", "bob <&>"):
        found = sections(parse((tmp_path / page_names([student])[student]).read_text(encoding="utf-8")))
        assert found["n-num"].key is None and found["p-num"].key == KEYS["p-num"]


def test_one_page_that_cannot_be_built_never_stops_the_class(bank, grading, tmp_path):
    ada = result_of(grading, "ada")
    del ada.outcomes["c-place"]  # a result the page cannot be built from
    write_feedback(grading, bank, tmp_path, 7, show_keys=True)
    doc = parse((tmp_path / page_names(["ada"])["ada"]).read_text(encoding="utf-8"))
    assert doc.one("title").text == doc.one("h1").text == "Feedback for ada"
    assert doc.one("main").one("p").text == "Total: 2 of 7 points. Ask your instructor for details."
    assert ada.notes[-1] == "feedback page could not be built (KeyError); the gradebook is right"
    bob = parse((tmp_path / page_names(["bob <&>"])["bob <&>"]).read_text(encoding="utf-8"))
    assert len(sections(bob)) == 4


def test_pages_are_utf8_whatever_the_text(bank, grading, tmp_path):
    ada = result_of(grading, "ada")
    ada.student = "Zoë \ud800"  # a lone surrogate (UTF-8 cannot hold it) becomes "?"; the rest is kept
    write_feedback(grading, bank, tmp_path, 7, show_keys=True)
    page = next(p for p in tmp_path.iterdir() if p.name.startswith("Zo_"))
    assert parse(page.read_bytes().decode("utf-8")).one("h1").text == "Feedback for Zoë ?"
    index = parse((tmp_path / "index.html").read_bytes().decode("utf-8"))
    assert [tr.own("td")[0].text for tr in index.one("tbody").own("tr")] == ["Zoë ?", "bob <&>"]


def test_shared_parts_are_built_once_not_once_per_student(bank, tmp_path, monkeypatch):
    """A class of 60 with the same short answers: each exercise's text, key and verdict is escaped once for the class.

    Per student, 5 texts are the student's own: the name (heading, index), the page title, the file name and the
    rule. Building every exercise's parts again for each student would add at least 4 answers, 4 headings and 4
    verdicts each (12 x 60 more).
    """
    subs = tmp_path / "subs"
    subs.mkdir()
    answers = {"n-num": 30, "c-place": ["covered", "covered"], "p-num": 500}
    for n in range(60):
        (subs / f"s{n}.json").write_text(json.dumps(sheet(f"s{n}", answers)), encoding="utf-8")
    grading = grade_class([subs], bank, False)
    calls = []
    real = feedback.escape
    monkeypatch.setattr(feedback, "escape", lambda text, quote=True: calls.append(text) or real(text, quote))
    write_feedback(grading, bank, tmp_path / "out", 7, show_keys=True)
    assert 60 * 5 <= len(calls) <= 60 * 5 + 100, len(calls)
    assert calls.count("Finland joined in April 2023: 31.") == 1


# -- names and readable answers ----------------------------------------------------------------------------------


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_page_names_are_readable_stable_and_unique():
    names = page_names(["Ada.Lovelace", "a/b", "", "x" * 50, "Zoë", "ZOË"])
    # ids compared as NFKC, case folded, without spaces: "ada.lovelace", "zoë" (by hand)
    assert names["Ada.Lovelace"] == f"Ada_Lovelace-{sha('ada.lovelace')[:8]}.html"
    assert names["a/b"] == f"a_b-{sha('a/b')[:8]}.html"
    assert names[""] == f"student-{sha('')[:8]}.html"
    assert names["x" * 50] == f"{'x' * 40}-{sha('x' * 50)[:8]}.html"
    assert names["Zoë"] == f"Zo_-{sha('zoë')[:8]}.html"
    assert names["ZOË"] == f"ZO_-{sha('zoë')[:8]}.html"  # same person, readable part differs
    assert page_names(["a/b"]) == {"a/b": names["a/b"]}  # a name never depends on the rest of the class


def test_two_ids_that_would_share_a_name_get_a_longer_hash():
    # "aéb" and "aÉb" normalise alike (case folded) and both read "a_b": the same 8 hex digits.
    digest = sha("aéb")
    names = page_names(["aéb", "aÉb", "AÉB"])
    assert names == {
        "aéb": f"a_b-{digest[:8]}.html",
        "aÉb": f"a_b-{digest[:12]}.html",
        "AÉB": f"A_B-{digest[:8]}.html",
    }
    assert page_names(["aéb", "aéb", "a/b"]) == {"aéb": names["aéb"], "a/b": f"a_b-{sha('a/b')[:8]}.html"}
    assert page_names(["x\ud800"])["x\ud800"] == f"x_-{sha('x')[:8]}.html"  # invisible characters dropped


@pytest.mark.parametrize(
    "value, shown",
    [
        (None, "—"),
        (["France", "China"], "France; China"),
        (("Japan", None), "Japan; —"),
        ({"Ceuta": "not covered", "Nuuk": None}, "Ceuta → not covered; Nuuk → —"),
        ({None: ["a", "b"]}, "— → a; b"),
        (True, "yes"),
        (False, "no"),
        (31.0, "31"),
        (0.25, "0.25"),
        (7, "7"),
        ("Vilnius", "Vilnius"),
    ],
)
def test_answers_read_as_a_person_writes_them(value, shown):
    assert readable(value) == shown


def test_sixteen_ids_that_read_and_normalise_alike_still_get_sixteen_pages():
    variants = ["".join(letters) for letters in itertools.product("éÉ", repeat=4)]  # "éééé", "éééÉ" ... "ÉÉÉÉ"
    names = page_names(variants)  # once looped for ever
    digest = sha("éééé")
    expected = [f"____-{digest[:size]}.html" for size in range(8, 65, 4)]  # 8, 12 ... 64 hex digits: 15 names
    assert [names[v] for v in variants[:15]] == expected
    assert names["ÉÉÉÉ"] == f"____-{sha('ÉÉÉÉ')}.html"  # the sixteenth: the id's own hash
    # The same with a lone surrogate in each: the sixteenth id's own hash reads it as "?".
    odd = page_names([v + "\ud800" for v in variants])
    assert odd["ÉÉÉÉ\ud800"] == f"_____-{sha('ÉÉÉÉ?')}.html"
    assert page_names(["\ud800"]) == {"\ud800": f"_-{sha('')[:8]}.html"}  # hashed as "": invisible
