"""Calendar arithmetic shared by the rules: whole months and "the last N weeks"."""
import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28 or 29 Feb)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_weeks(today: date, weeks: int) -> tuple[date, date]:
    """The first and last day (both included) of the `weeks` weeks that end today."""
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    return today - timedelta(weeks=weeks) + timedelta(days=1), today
