"""The SVG chart module: valid XML, one marker per rating, axis labels, black-and-white markers."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from workfloor.progress.charts import (
    LARGE, Mark, ProfileBar, date_ticks, legend_marker, level_chart, profile_chart, step_points,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def markers(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if "marker" in el.get("class", "").split()]


MARKS = [
    Mark(date(2026, 1, 12), 1, "observation", "12/1: onvoldoende"),
    Mark(date(2026, 2, 2), 2, "evaluation"),
    Mark(date(2026, 2, 20), 3, "self"),
    Mark(date(2026, 3, 9), 3, "observation"),
    Mark(date(2026, 3, 9), 3, "observation"),  # two ratings on one day: two markers
]


def test_the_level_chart_is_valid_svg_with_one_marker_per_rating():
    root = parse(level_chart(MARKS, title="Teamwerk", start=date(2026, 1, 1), end=date(2026, 3, 31)))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label") == "Teamwerk"
    assert len(markers(root)) == len(MARKS)
    kinds = [el.get("class") for el in markers(root)]
    assert kinds.count("marker marker-observation") == 3
    assert kinds.count("marker marker-evaluation") == 1
    assert kinds.count("marker marker-self") == 1


def test_markers_differ_in_shape_and_self_assessments_are_hollow():
    root = parse(level_chart(MARKS, title="x"))
    shapes = {el.get("class").split("-")[-1]: (el.tag.removeprefix(SVG), el.get("fill")) for el in markers(root)}
    assert shapes == {"observation": ("circle", "#222"), "evaluation": ("rect", "#222"), "self": ("polygon", "#fff")}


def test_axes_are_labelled_with_levels_and_dates():
    root = parse(level_chart(MARKS, title="x", start=date(2026, 1, 1), end=date(2026, 3, 31)))
    y_labels = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "y-label"]
    x_labels = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "x-label"]
    assert y_labels == ["1", "2", "3", "4"]
    assert x_labels == ["1/1", "1/2", "1/3"]


def test_the_step_line_follows_the_supervisor_not_the_self_assessment():
    assert step_points(MARKS) == [(date(2026, 1, 12), 1), (date(2026, 2, 2), 2), (date(2026, 3, 9), 3)]
    root = parse(level_chart(MARKS, title="x"))
    path = next(root.iter(f"{SVG}path"))
    assert path.get("class") == "step"
    assert path.get("d").count("V") == 2  # two changes of level


def test_a_single_rating_still_draws_and_a_tooltip_is_escaped():
    root = parse(level_chart([Mark(date(2026, 3, 1), 2, "observation", "<b>Jan & Piet</b>")],
                             title="Haag <scheren>"))
    assert root.get("aria-label") == "Haag <scheren>"
    (marker,) = markers(root)
    assert marker.find(f"{SVG}title").text == "<b>Jan & Piet</b>"


def test_an_empty_chart_is_still_valid():
    root = parse(level_chart([], title="Nog niets"))
    assert markers(root) == [] and root.find(f"{SVG}path") is None


@pytest.mark.parametrize("mark", [Mark(date(2026, 1, 1), 5), Mark(date(2026, 1, 1), 2, "guess")])
def test_a_mark_off_the_scale_is_refused(mark):
    with pytest.raises(ValueError):
        level_chart([mark], title="x")


def test_the_large_chart_for_phones_is_bigger():
    small, large = parse(level_chart(MARKS, title="x")), parse(level_chart(MARKS, title="x", size=LARGE))
    assert int(large.get("width")) > int(small.get("width"))
    assert int(large.get("font-size")) > int(small.get("font-size"))


def test_date_ticks_stay_few_over_a_long_period():
    ticks = date_ticks(date(2025, 1, 15), date(2026, 12, 31))
    assert 2 <= len(ticks) <= 6 and all(t.day == 1 for t in ticks)
    assert date_ticks(date(2026, 3, 3), date(2026, 3, 20)) == [date(2026, 3, 3), date(2026, 3, 20)]


def test_legend_marker_is_valid_svg():
    assert parse(legend_marker("self")).find(f"{SVG}polygon").get("fill") == "#fff"


def test_the_profile_chart_hatches_only_gaps():
    bars = [ProfileBar("Hagen scheren", 3, 1, "vereist 3 · nu 1"), ProfileBar("Teamwerk", 2, 3, "ok"),
            ProfileBar("Veiligheid", 3, None, "nog niet geobserveerd")]
    root = parse(profile_chart(bars, title="Profiel"))
    rows = [el for el in root.iter(f"{SVG}g") if el.get("class") == "profile-row"]
    assert [(r.get("data-required"), r.get("data-actual")) for r in rows] == [("3", "1"), ("2", "3"), ("3", "0")]
    gaps = [[c for c in row if c.get("class") == "gap"] for row in rows]
    assert [len(g) for g in gaps] == [1, 0, 1]
    assert [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "caption"][0] == "vereist 3 · nu 1"
