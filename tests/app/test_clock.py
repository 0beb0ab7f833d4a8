"""The floor's date is Brussels' date, one for the whole app, and a run can pin it."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from workfloor import clock
from tests.floor_date import floor_today


class _At(datetime):
    """``datetime`` whose now() is one fixed moment (23:30 UTC on Sunday 29 November 2026)."""

    moment = datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc)

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz) if tz else cls.moment.replace(tzinfo=None)


@pytest.fixture
def half_past_eleven_utc(monkeypatch, app):
    monkeypatch.setattr(clock, "datetime", _At)
    monkeypatch.setitem(app.config, "TODAY", None)


def test_after_midnight_in_brussels_it_is_already_monday(app, half_past_eleven_utc):
    with app.app_context():
        assert clock.today() == date(2026, 11, 30)  # the server's clock still says Sunday


def test_outside_the_app_the_floor_is_in_brussels(half_past_eleven_utc):
    assert clock.today() == date(2026, 11, 30)


def test_a_pinned_date_stands_for_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", date(2027, 3, 1))
    with app.app_context():
        assert clock.today() == date(2027, 3, 1)


def test_the_test_run_pins_its_date_in_the_app(app):
    with app.app_context():
        assert clock.today() == floor_today()


def test_pages_work_from_the_pinned_date(app, client, counsellor, login, make_learner, monkeypatch):
    """The bug this fixes: a run that crossed midnight saw yesterday in the tests and today in the app."""
    monkeypatch.setitem(app.config, "TODAY", date(2027, 3, 1))
    learner = make_learner(counsellor=counsellor.person)
    login(counsellor)
    page = client.get(f"/trajectory/learners/{learner.id}/contacts").get_data(as_text=True)
    assert 'value="2027-03-01"' in page
