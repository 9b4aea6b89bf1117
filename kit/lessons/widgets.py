"""The notebooks' widgets. Each wraps a plain function from :mod:`kit.lessons.views`, :mod:`kit.geography.article6` or
:mod:`kit.lessons.maps`; outputs are precomputed or cheap so that a change answers within a tenth of a second.

Every builder returns an ``ipywidgets`` box with two extra attributes for tests
and for curious students: ``controls`` (the labelled inputs, by name) and
``output`` (the widget whose value shows the result).

>>> box = actor_explorer()
>>> box.controls["actor"].value = "kishida"
>>> "Fumio Kishida" in box.output.value
True
"""

from __future__ import annotations

import datetime as dt

from kit.case.data import Case, resolve_case
from kit.case.schema import CONTINENTS, SEA_AREAS
from kit.geography.article6 import VILNIUS, article6, describe_place
from kit.lessons.views import actor_card, first_day, timeline, timeline_speakers


def _box(children, controls: dict, output, kind=None):
    import ipywidgets as widgets

    box = (kind or widgets.VBox)(children)
    box.controls, box.output = controls, output
    return box


def _html(value: str = ""):
    import ipywidgets as widgets

    return widgets.HTML(value=value, layout=widgets.Layout(width="100%"))


def chooser(label: str, pages: dict[str, tuple[str, str]], default: str):
    """A labelled list → the page of the choice: ``pages`` maps a value to (its name, its HTML), precomputed so a
    change answers at once. The actor, role and glossary explorers are all one of these.

    >>> box = chooser("Term", {"a": ("Alpha", "<p>A</p>"), "b": ("Beta", "<p>B</p>")}, "a")
    >>> box.controls["term"].value = "b"
    >>> box.output.value
    '<p>B</p>'
    """
    from kit.core.accessible import Select

    # The kit's lists, not ipywidgets' Dropdown: in JupyterLab the arrow and letter keys reach them (on a
    # Dropdown they run notebook shortcuts: "d d" would delete a cell). See kit.core.accessible.
    choose = Select(
        [(name, value) for value, (name, _) in pages.items()], value=default, description=label, placeholder=""
    )
    output = _html(pages[default][1])
    choose.observe(lambda change: setattr(output, "value", pages[change["new"]][1]), names="value")
    return _box([choose, output], {label.lower(): choose}, output)


def actor_explorer(default: str = "macron", case: Case | None = None):
    """Choose an actor → their role, whom they speak for and their stances, each with its statements."""
    case = resolve_case(case)
    pages = {i: (row["name"], actor_card(i, case)._repr_html_()) for i, row in case.actors.iterrows()}
    return chooser("Actor", pages, default)


def article6_explorer(default: str = "honolulu", on: dt.date = VILNIUS, case: Case | None = None):
    """Pick a gazetteer place, or describe one, and a date → the clause-by-clause Article 6 verdict."""
    import ipywidgets as widgets

    from kit.core.accessible import RadioGroup, Select

    case = resolve_case(case)
    style = {"description_width": "initial"}
    places = [(row["name"], pid) for pid, row in case.places.sort_values("name").iterrows()]
    place = Select(places, value=default, description="Place", placeholder="")
    date = widgets.DatePicker(value=on, description="Date", style=style)
    codes = sorted(set(case.places.territory_of))
    territory = Select(codes, value="USA", description="Territory of (ISO code)", placeholder="")
    continent = Select(CONTINENTS, value="Oceania", description="Continent", placeholder="")
    island = widgets.Checkbox(value=True, description="On an island", style=style)
    sea = Select(SEA_AREAS, value="Pacific", description="Sea area", placeholder="")
    # A number box, not a slider: JupyterLab keeps arrow keys for its own use on a slider, and its handle has no name.
    latitude = widgets.BoundedFloatText(
        value=21.3, min=-90, max=90, step=0.1, description="Latitude (° N, south negative)", style=style
    )
    # Radio buttons that say which one is chosen (toggle buttons do not tell a screen reader).
    mode = RadioGroup(["From the gazetteer", "Describe a place"], "From the gazetteer", description="Choose a place")
    output = _html()

    def update(_=None):
        day = date.value or on
        if mode.value == "From the gazetteer":
            verdict = article6(place.value, on=day, case=case)
        else:
            described = describe_place(
                "the place you described", territory.value, continent.value, island.value, sea.value, latitude.value
            )
            verdict = article6(described, on=day, case=case)
        output.value = verdict._repr_html_()

    describe = widgets.VBox([territory, continent, island, sea, latitude])

    def show_mode(_=None):
        gazetteer = mode.value == "From the gazetteer"
        place.layout.display = None if gazetteer else "none"
        describe.layout.display = "none" if gazetteer else None

    mode.observe(show_mode, names="value")  # first: the form appears before the verdict is worked out
    for control in (place, date, territory, continent, island, sea, latitude, mode):
        control.observe(update, names="value")
    show_mode()
    update()
    controls = dict(mode=mode, place=place, date=date, territory=territory, continent=continent)
    controls |= dict(island=island, sea_area=sea, latitude=latitude)
    return _box([mode, place, describe, date, output], controls, output)


def membership_map(dates=None, case: Case | None = None):
    """A date slider over NATO's accession dates → the world map with the members on that date.

    Every map is rendered once when the widget is built, with its text description (the image's alt text);
    moving the slider only swaps them.
    """
    from kit.core.accessible import RangeSlider
    from kit.lessons.maps import WorldMap, map_dates

    case = resolve_case(case)
    if dates is None:
        dates = map_dates(case)  # accessions, border changes and partners' first dates
    world = WorldMap(on=dates[0], case=case)
    pictures = {day: world.show(day).picture()._repr_html_() for day in dates}
    slider = RangeSlider(
        [(day.isoformat(), day) for day in dates],
        value=VILNIUS if VILNIUS in dates else dates[-1],
        description="NATO's members on a date",
        handles=("Date",),
    )
    image, caption = _html(), _html()

    def update(_=None):
        image.value = pictures[slider.value]
        count = len(case.members_on(slider.value))
        summit = " (the Vilnius summit)" if slider.value == VILNIUS else ""
        caption.value = f"<p>{count} NATO members on {slider.value.isoformat()}{summit}.</p>"

    slider.observe(update, names="value")
    update()
    box = _box([slider, image, caption], {"date": slider}, image)
    box.caption = caption
    return box


def timeline_explorer(topic: str = "china", case: Case | None = None):
    """Choose a date range and a speaker → the dated statements, each with its flag and source."""
    from kit.core.accessible import RangeSlider, Select

    case = resolve_case(case)
    dates = sorted({first_day(d) for d in case.context[case.context.topic == topic].date})
    days = [dt.date.fromisoformat(d) for d in dates]
    span = RangeSlider([(d.isoformat(), d) for d in days], description="Dates", handles=("From", "To"))
    speaker = Select(["all", *timeline_speakers(topic, case)], value="all", description="Speaker", placeholder="")
    output = _html()

    def update(_=None):
        output.value = timeline(span.value[0], span.value[1], speaker.value, topic, case)._repr_html_()

    span.observe(update, names="value")
    speaker.observe(update, names="value")
    update()
    return _box([span, speaker, output], {"dates": span, "speaker": speaker}, output)
