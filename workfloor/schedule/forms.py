"""Forms of the schedule feature."""
from flask_wtf import FlaskForm


class CalendarTokenForm(FlaskForm):
    """Make a new calendar link or revoke it: only the CSRF token travels."""
