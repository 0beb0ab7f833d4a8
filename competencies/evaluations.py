"""The evaluation moments of a trajectory, counted in months from the contract start.

Antwerp's artikel-60 trajectory evaluates at months 1, 2, 7, 11, 17 and 23.
Each moment is counted from the start itself, not from the previous moment, so
a start on 31 January gives the end of February, then 31 March and 31 August,
instead of sticking to the 28th or 29th from February on.
"""
from collections.abc import Iterable
from datetime import date

from competencies.periods import add_months

DEFAULT_OFFSETS_MONTHS = (1, 2, 7, 11, 17, 23)


def evaluation_moments(contract_start: date, offsets_months: Iterable[int] = DEFAULT_OFFSETS_MONTHS,
                       contract_end: date | None = None) -> list[date]:
    """The evaluation dates from the contract start, in order, none after the contract end."""
    offsets = sorted(set(offsets_months))
    if any(type(offset) is not int or offset < 1 for offset in offsets):
        raise ValueError(f"month offsets must be whole numbers of at least 1, got {offsets}")
    moments = [add_months(contract_start, offset) for offset in offsets]
    return [moment for moment in moments if contract_end is None or moment <= contract_end]


def next_evaluation(contract_start: date, today: date, offsets_months: Iterable[int] = DEFAULT_OFFSETS_MONTHS,
                    contract_end: date | None = None) -> date | None:
    """The first evaluation on or after today, or None when none is left."""
    return next((moment for moment in evaluation_moments(contract_start, offsets_months, contract_end)
                 if moment >= today), None)
