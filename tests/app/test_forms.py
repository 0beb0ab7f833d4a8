"""Shared form pieces."""
import pytest
from flask_wtf import FlaskForm
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from workfloor.forms import VersionField, commit_versioned


class _Form(FlaskForm):
    version = VersionField()


def test_a_post_without_version_has_no_version(app):
    with app.test_request_context(method="POST", data={}):
        form = _Form(formdata=MultiDict(), data={"version": 3})
        assert form.version.data is None


def test_a_post_with_version_keeps_what_was_sent(app):
    with app.test_request_context(method="POST"):
        form = _Form(formdata=MultiDict({"version": "2"}), data={"version": 3})
        assert form.version.data == "2"


def test_gettext_works_outside_a_request(app):
    from flask_babel import gettext
    with app.app_context():
        assert gettext("Opslaan") == "Opslaan"


def _rename(floor, name):
    def change():
        floor.name = name
    return change


def test_commit_versioned_saves_on_the_current_version(db, make_floor):
    floor = make_floor(name="Oud")
    version = floor.version
    assert commit_versioned(floor, str(version), _rename(floor, "Nieuw")) is True
    db.session.expire_all()
    assert floor.name == "Nieuw" and floor.version == version + 1


def test_commit_versioned_refuses_an_older_version_without_applying_the_change(db, make_floor):
    floor = make_floor(name="Oud")
    applied = []
    assert commit_versioned(floor, str(floor.version - 1), lambda: applied.append(True)) is False
    assert applied == [] and floor.name == "Oud"


def test_commit_versioned_rolls_back_when_another_save_lands_before_the_commit(db, make_floor):
    floor = make_floor(name="Oud")
    db.session.commit()
    version = floor.version
    # Another request saves between our version check and our commit: our UPDATE finds no row.
    db.session.execute(text("UPDATE floor SET version = version + 1 WHERE id = :id"), {"id": floor.id})
    assert commit_versioned(floor, str(version), _rename(floor, "Nieuw")) is False
    assert floor.name == "Oud"  # rolled back, reloaded


def test_commit_versioned_leaves_other_errors_to_the_caller(db, make_floor):
    floor = make_floor()

    def refuse():
        raise ValueError("nee")

    with pytest.raises(ValueError):
        commit_versioned(floor, str(floor.version), refuse)
