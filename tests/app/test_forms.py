"""Shared form pieces."""
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from workfloor.forms import VersionField


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
