"""Forms of the schedule feature."""
from workfloor.forms import AppForm


class CalendarTokenForm(AppForm):
    """Make a new calendar link or revoke it: only the CSRF token travels."""
