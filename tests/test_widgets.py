"""Each widget driven in-process: changing its control changes its output, and the output is right."""

from __future__ import annotations

import datetime as dt

from kit.geography.article6 import article6
from kit.lessons import widgets
from kit.lessons.views import actor_card


def test_actor_explorer_shows_the_chosen_actor():
    box = widgets.actor_explorer()
    assert "Emmanuel Macron" in box.output.value
    box.controls["actor"].value = "kishida"
    assert box.output.value == actor_card("kishida")._repr_html_()
    assert "Fumio Kishida" in box.output.value and "NOT STATED IN THE ARTICLE" in box.output.value


def test_article6_explorer_gazetteer_and_date():
    box = widgets.article6_explorer()
    assert box.output.value == article6("honolulu")._repr_html_()
    box.controls["place"].value = "helsinki"
    assert "is covered by Article 5" in box.output.value
    box.controls["date"].value = dt.date(2023, 1, 1)
    assert "is not covered by Article 5" in box.output.value and "joined on 2023-04-04" in box.output.value


def test_article6_explorer_describe_mode():
    box = widgets.article6_explorer()
    box.controls["mode"].value = "Describe a place"
    assert "the place you described" in box.output.value and "not covered" in box.output.value
    box.controls["sea_area"].value = "North Atlantic"
    box.controls["continent"].value = "Africa"
    box.controls["latitude"].value = 30.0
    assert "is covered by Article 5" in box.output.value


def test_membership_map_swaps_images():
    box = widgets.membership_map(dates=[dt.date(1949, 8, 24), dt.date(2023, 7, 11)])
    vilnius = box.output.value
    assert "31 NATO members" in box.caption.value
    box.controls["date"].value = dt.date(1949, 8, 24)
    assert box.output.value != vilnius and "12 NATO members" in box.caption.value


def test_timeline_explorer_filters_by_speaker_and_dates():
    box = widgets.timeline_explorer()
    everyone = box.output.value
    box.controls["speaker"].value = "Mao Ning (Chinese Foreign Ministry)"
    assert "Wang Wenbin" not in box.output.value and "Mao Ning" in box.output.value
    assert box.output.value != everyone
    box.controls["speaker"].value = "all"
    options = box.controls["dates"].options
    box.controls["dates"].value = (options[0][1], options[1][1])
    assert "2 statement(s)" in box.output.value  # 29 June 2022 and 1 February 2023
