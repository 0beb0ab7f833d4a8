"""Assignments and recurrence: expanding templates, carrying template edits, hand edits, cancelling."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from workfloor.assignments.operations import (
    DROPPED_BY_TEMPLATE, HORIZON_WEEKS, apply_template, cancel_assignment, create_assignment, create_template,
    expand_templates, list_assignments, list_templates, mark_edited_by_hand, set_template_active,
    template_has_day, uncancel_assignment, update_assignment, update_template,
)
from workfloor.models import Assignment, AssignmentTemplate, CrewMember, DayPlan

MONDAY = date(2030, 3, 4)  # a Monday, far from today so `today` can be chosen freely


@pytest.fixture
def floor(make_floor):
    return make_floor(domain="green")


@pytest.fixture
def site(make_site):
    return make_site(name="Stadspark test")


@pytest.fixture
def make_template(db, floor, site):
    def make(**overrides) -> AssignmentTemplate:
        fields = {"name": "Hagen scheren", "floor": floor, "site": site, "weekday": 0, "starts_on": MONDAY,
                  "min_learners": 1, "max_learners": 4, "certificates": {"hedge_trimmer": 1},
                  "min_levels": {"green.hedge_trimming": 2}, "trains": ["green.hedge_trimming"]} | overrides
        template = AssignmentTemplate(**fields)
        db.session.add(template)
        db.session.flush()
        return template
    return make


def _assignments(db, template) -> list[Assignment]:
    return list(db.session.execute(db.select(Assignment).where(Assignment.template_id == template.id)
                                   .order_by(Assignment.day)).scalars())


def test_expand_makes_one_assignment_per_matching_weekday(db, make_template):
    template = make_template(weekday=2)
    created = expand_templates(MONDAY, MONDAY + timedelta(days=20))
    assert [a.day for a in created] == [MONDAY + timedelta(days=2 + 7 * w) for w in range(3)]
    first = created[0]
    assert (first.name, first.floor_id, first.site_id, first.max_learners) == (
        template.name, template.floor_id, template.site_id, 4)
    assert first.certificates == {"hedge_trimmer": 1} and first.min_levels == {"green.hedge_trimming": 2}
    assert not first.edited_by_hand and not first.cancelled


def test_expand_copies_lists_and_dicts_instead_of_sharing_them(db, make_template):
    template = make_template()
    [assignment] = expand_templates(MONDAY, MONDAY)
    assignment.trains.append("attitude.safety")
    assert template.trains == ["green.hedge_trimming"]


def test_expand_is_idempotent_even_after_cancel_and_hand_edit(db, make_template):
    template = make_template()
    first = expand_templates(MONDAY, MONDAY + timedelta(days=13))
    assert len(first) == 2
    cancel_assignment(first[0], "Park gesloten")
    update_assignment(first[1], {"max_learners": 6})
    assert expand_templates(MONDAY, MONDAY + timedelta(days=13)) == []
    assert len(_assignments(db, template)) == 2


def test_expand_respects_period_activity_and_floor(db, make_template, make_floor):
    make_template(starts_on=MONDAY + timedelta(days=7), ends_on=MONDAY + timedelta(days=7))
    make_template(name="Oud", active=False)
    other = make_template(name="Elders", floor=make_floor())
    created = expand_templates(MONDAY, MONDAY + timedelta(days=27), {other.floor_id + 1000})
    assert created == []
    created = expand_templates(MONDAY, MONDAY + timedelta(days=27))
    assert sorted((a.name, a.day) for a in created) == sorted(
        [("Hagen scheren", MONDAY + timedelta(days=7))] + [("Elders", MONDAY + timedelta(days=7 * w)) for w in range(4)])


def test_apply_template_updates_untouched_future_assignments(db, make_template):
    template = make_template()
    expand_templates(MONDAY, MONDAY + timedelta(days=20))
    template.max_learners = 6
    template.certificates = {"hedge_trimmer": 2}
    report = apply_template(template, today=MONDAY + timedelta(days=1))
    past, *future = _assignments(db, template)
    assert past.max_learners == 4  # history stays as it was
    assert [a.max_learners for a in future[:2]] == [6, 6]
    assert future[0].certificates == {"hedge_trimmer": 2}
    assert report.updated == 2 and report.kept_hand_edits == []
    assert report.created == len(future) - 2  # the rest of the horizon is filled in


def test_apply_template_never_overwrites_hand_edits_and_reports_them(db, make_template):
    template = make_template()
    expand_templates(MONDAY, MONDAY + timedelta(days=20))
    edited, cancelled, untouched = _assignments(db, template)
    update_assignment(edited, {"max_learners": 2, "notes": "Klant vraagt kleine ploeg"})
    cancel_assignment(cancelled, "Feestdag")
    template.max_learners = 8
    template.name = "Hagen en struiken"
    report = apply_template(template, today=MONDAY)
    assert (edited.max_learners, edited.name, edited.notes) == (2, "Hagen scheren", "Klant vraagt kleine ploeg")
    assert cancelled.cancelled and cancelled.name == "Hagen scheren"
    assert (untouched.max_learners, untouched.name) == (8, "Hagen en struiken")
    assert report.updated == 1
    assert report.kept_hand_edits == [edited, cancelled]
    assert report.edited == [edited] and report.cancelled == [cancelled]


def test_apply_template_counts_only_real_changes_and_leaves_versions_alone(db, make_template):
    template = make_template()
    expand_templates(MONDAY, MONDAY + timedelta(days=6))
    [assignment] = _assignments(db, template)
    version = assignment.version
    report = apply_template(template, today=MONDAY)
    assert report.updated == 0
    assert assignment.version == version


def test_apply_template_moves_untouched_assignments_to_the_new_weekday(db, make_template):
    template = make_template(weekday=0)
    today = MONDAY
    apply_template(template, today=today)
    assert len(_assignments(db, template)) == HORIZON_WEEKS + 1  # the horizon includes its last day
    edited = _assignments(db, template)[1]
    update_assignment(edited, {"notes": "Met de hand"})
    template.weekday = 3
    report = apply_template(template, today=today)
    rows = _assignments(db, template)
    assert {a.day.weekday() for a in rows if a is not edited} == {3}
    assert edited in rows and edited.day.weekday() == 0
    assert report.removed == HORIZON_WEEKS  # all Mondays but the hand-edited one
    assert report.created == HORIZON_WEEKS + 1 - (1 if (today + timedelta(weeks=HORIZON_WEEKS)).weekday() < 3 else 0)
    assert report.kept_hand_edits == [edited]


def test_apply_template_cancels_instead_of_deleting_a_planned_assignment(db, make_template, make_learner):
    template = make_template(weekday=0)
    expand_templates(MONDAY, MONDAY + timedelta(days=7))
    planned, free = _assignments(db, template)
    learner = make_learner()
    db.session.add(DayPlan(day=planned.day, floor_id=planned.floor_id, members=[
        CrewMember(assignment=planned, person_id=learner.person_id, role="learner")]))
    db.session.flush()
    template.weekday = 1
    report = apply_template(template, today=MONDAY)
    assert planned.cancelled and planned.cancel_reason == DROPPED_BY_TEMPLATE
    assert free not in _assignments(db, template)
    assert report.removed == 2


def test_mark_edited_by_hand_only_marks_generated_assignments(db, make_template, floor, site):
    make_template()
    [generated] = expand_templates(MONDAY, MONDAY)
    one_off = create_assignment({"name": "Eenmalig", "floor_id": floor.id, "site_id": site.id, "day": MONDAY,
                                 "max_learners": 3})
    mark_edited_by_hand(generated)
    mark_edited_by_hand(one_off)
    assert generated.edited_by_hand and not one_off.edited_by_hand


def test_update_assignment_marks_a_hand_edit_only_when_something_changed(db, make_template):
    make_template()
    [assignment] = expand_templates(MONDAY, MONDAY)
    assert update_assignment(assignment, {"name": "Hagen scheren", "max_learners": 4}) is False
    assert not assignment.edited_by_hand
    assert update_assignment(assignment, {"max_learners": 5}) is True
    assert assignment.edited_by_hand


def test_update_assignment_refuses_unknown_fields(db, make_template):
    make_template()
    [assignment] = expand_templates(MONDAY, MONDAY)
    with pytest.raises(ValueError):
        update_assignment(assignment, {"edited_by_hand": False})


def test_cancel_and_uncancel_keep_the_row(db, make_template):
    template = make_template()
    [assignment] = expand_templates(MONDAY, MONDAY)
    cancel_assignment(assignment, "  Park gesloten  ")
    assert assignment.cancelled and assignment.cancel_reason == "Park gesloten"
    uncancel_assignment(assignment)
    assert not assignment.cancelled and assignment.cancel_reason == ""
    assert _assignments(db, template) == [assignment]


def test_template_has_day(db, make_template):
    template = make_template()
    [assignment] = expand_templates(MONDAY, MONDAY)
    assert template_has_day(template.id, MONDAY)
    assert not template_has_day(template.id, MONDAY, except_id=assignment.id)
    assert not template_has_day(template.id, MONDAY + timedelta(days=1))
    assert not template_has_day(None, MONDAY)


def test_list_assignments_filters_by_range_floor_and_search(db, make_template, make_floor, make_site):
    make_template()
    elsewhere = make_template(name="Bladeren", floor=make_floor(), site=make_site(name="Begraafplaats Oost"))
    expand_templates(MONDAY, MONDAY + timedelta(days=7))
    assert len(list_assignments(MONDAY, MONDAY + timedelta(days=7), None)) == 4
    assert len(list_assignments(MONDAY, MONDAY, None)) == 2
    assert {a.name for a in list_assignments(MONDAY, MONDAY, {elsewhere.floor_id})} == {"Bladeren"}
    assert {a.name for a in list_assignments(MONDAY, MONDAY, None, "begraaf")} == {"Bladeren"}
    assert {a.name for a in list_assignments(MONDAY, MONDAY, None, "hagen")} == {"Hagen scheren"}
    assert list_assignments(MONDAY, MONDAY, set()) == []


def test_list_templates_hides_inactive_unless_asked(db, make_template):
    make_template()
    make_template(name="Oud werk", active=False)
    assert [t.name for t in list_templates(None)] == ["Hagen scheren"]
    assert {t.name for t in list_templates(None, include_inactive=True)} == {"Hagen scheren", "Oud werk"}
    assert [t.name for t in list_templates(None, "oud", include_inactive=True)] == ["Oud werk"]


def test_create_template_generates_the_coming_weeks(db, floor, site):
    template, report = create_template({
        "name": "Onkruid", "floor_id": floor.id, "site_id": site.id, "weekday": 1, "starts_on": MONDAY,
        "ends_on": None, "max_learners": 5}, today=MONDAY)
    rows = _assignments(db, template)
    assert report.created == len(rows) == HORIZON_WEEKS
    assert all(a.day.weekday() == 1 for a in rows)


def test_update_template_carries_changes_and_keeps_hand_edits(db, make_template):
    template = make_template()
    apply_template(template, today=MONDAY)
    edited = _assignments(db, template)[2]
    update_assignment(edited, {"min_learners": 3})
    report = update_template(template, {"min_learners": 2, "max_learners": 5}, today=MONDAY)
    assert edited.min_learners == 3 and edited.max_learners == 4
    assert {a.min_learners for a in _assignments(db, template) if a is not edited} == {2}
    assert report.kept_hand_edits == [edited]


def test_deactivating_a_template_removes_untouched_future_work_and_activating_brings_it_back(db, make_template):
    template = make_template()
    apply_template(template, today=MONDAY)
    edited = _assignments(db, template)[1]
    update_assignment(edited, {"notes": "Blijft"})
    report = set_template_active(template, False, today=MONDAY + timedelta(days=1))
    assert _assignments(db, template)[0].day == MONDAY  # the past stays
    assert [a for a in _assignments(db, template) if a.day > MONDAY] == [edited]
    assert report.removed == HORIZON_WEEKS - 1 and report.kept_hand_edits == [edited]
    report = set_template_active(template, True, today=MONDAY + timedelta(days=1))
    assert report.created == HORIZON_WEEKS - 1
    assert len(_assignments(db, template)) == HORIZON_WEEKS + 1
