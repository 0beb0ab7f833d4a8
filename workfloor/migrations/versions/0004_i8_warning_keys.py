"""Accepted warnings are known by (rule, assignment, subjects), not by their Dutch sentence

Revision ID: 0004_i8
Revises: 0003
Create Date: 2026-11-29 14:30:00.000000

Edits and acceptances stored before this revision hold the warnings as sentences: Dutch in
``warnings``, and (edits) the engine's English in ``warnings_en``, which names the ids. This
migration reads each English sentence back into its key and stores ``keys`` beside the old
text, so acceptances keep holding however the sentences are worded later. Where the old
sentence did not name every subject (a supervision ratio, a van's seats or features), the
subjects are the crew's supervisors or vans as stored now, in the order the engine reads
them. A sentence that cannot be read back (a person listed twice, someone driving two vans)
keeps its text and gets no key. Nothing else changes; the downgrade drops the keys again.
"""
import json
import re

import sqlalchemy as sa
from alembic import op

revision = '0004_i8'
down_revision = '0003'
branch_labels = None
depends_on = None

A = r"(?P<a>A\d+)"
# The English sentences of the engine before findings were data, and what each one is keyed by.
# "crew": the subjects are the crew's supervisors ("supervisors") or vans ("vans") now.
PATTERNS = [
    (re.compile(rf"^{A}: (?:learner|supervisor|vehicle) (?P<x>\S+) not available in "), "availability", "x"),
    (re.compile(r"^(?:learner|supervisor|vehicle) (?P<x>\S+) is in \[.*\] at "), "one_place", "x"),
    (re.compile(rf"^{A}: (?:learner|supervisor) (?P<x>\S+) does not work domain "), "domain", "x"),
    (re.compile(rf"^{A}: \d+ learners, needs "), "staffing", ""),
    (re.compile(rf"^{A}: \d+ supervisors, needs at least "), "staffing", ""),
    (re.compile(rf"^{A}: mandatory assignment not staffed$"), "staffing", ""),
    (re.compile(rf"^{A}: \d+ learners exceed the supervisors' ratio "), "ratio", "supervisors"),
    (re.compile(rf"^{A}: \d+ learners hold "), "qualification", ""),
    (re.compile(rf"^{A}: learner (?P<x>\S+) below level "), "qualification", "x"),
    (re.compile(rf"^{A}: learner (?P<x>\S+) has excluded restriction "), "qualification", "x"),
    (re.compile(rf"^{A}: learners (?P<x>\S+) and (?P<y>\S+) must not work together$"), "conflict", "xy"),
    (re.compile(rf"^{A}: off-site assignment without a vehicle$"), "transport", ""),
    (re.compile(rf"^{A}: on-site assignment with a vehicle$"), "transport", "vans"),
    (re.compile(rf"^{A}: driver (?P<d>\S+) of (?P<v>\S+) is not in the crew$"), "transport", "vd"),
    (re.compile(rf"^{A}: driver (?P<x>\S+) lacks licence \S+ for (?P<v>\S+)$"), "transport", "vx"),
    (re.compile(rf"^{A}: \d+ seats for a crew of \d+$"), "transport", "vans"),
    (re.compile(rf"^{A}: no crew vehicle carries "), "transport", "vans"),
]


def key_of(message: str, crew) -> list | None:
    """``[rule, assignment, subjects]`` for an old English warning, or None when it cannot be read back.

    ``crew(assignment_key, "supervisors" | "vans")`` gives the stored crew's engine keys.
    """
    for pattern, rule, subjects in PATTERNS:
        m = pattern.match(message or "")
        if m is None:
            continue
        groups = m.groupdict()
        a = groups.get("a")
        if subjects in ("supervisors", "vans"):
            return [rule, a, crew(a, subjects)]
        if subjects == "vd":
            driver = groups["d"].strip("'")
            return [rule, a, [groups["v"]] + ([driver] if driver != "None" else [])]
        if subjects == "vx":
            return [rule, a, [groups["v"], groups["x"]]]
        return [rule, a, [groups[s] for s in subjects]]
    return None


def _details(value):
    if isinstance(value, str):
        return json.loads(value)
    return dict(value or {})


def upgrade():
    connection = op.get_bind()
    events = sa.table('plan_event', sa.column('id', sa.Integer), sa.column('plan_id', sa.Integer),
                      sa.column('kind', sa.String), sa.column('details', sa.JSON))
    rows = connection.execute(sa.select(events.c.id, events.c.plan_id, events.c.kind, events.c.details)
                              .where(events.c.kind.in_(("edit", "accepted")))).all()
    if not rows:
        return
    by_id = {row.id: (row.plan_id, row.kind, _details(row.details)) for row in rows}

    def crew(plan_id):
        def look(assignment_key, what):
            if not assignment_key or not assignment_key[1:].isdigit():
                return []
            aid = int(assignment_key[1:])
            if what == "supervisors":
                found = connection.execute(sa.text(
                    "SELECT s.id FROM crew_member m JOIN supervisor s ON s.person_id = m.person_id "
                    "WHERE m.plan_id = :p AND m.assignment_id = :a AND m.role = 'supervisor' ORDER BY m.id"),
                    {"p": plan_id, "a": aid}).scalars()
                return [f"S{i}" for i in found]
            found = connection.execute(sa.text(
                "SELECT vehicle_id FROM crew_vehicle WHERE plan_id = :p AND assignment_id = :a ORDER BY id"),
                {"p": plan_id, "a": aid}).scalars()
            return [f"V{i}" for i in found]
        return look

    for event_id, (plan_id, kind, details) in by_id.items():
        if "keys" in details:
            continue
        # An acceptance holds the Dutch sentences; its edit holds them in English too, by position.
        edit = by_id.get(details.get("event"), (None, None, {}))[2] if kind == "accepted" else details
        dutch, english = edit.get("warnings") or [], edit.get("warnings_en") or []
        if len(dutch) != len(english):
            english = []
        wanted = details.get("warnings") or []
        keys = []
        for text in wanted:
            if text in dutch and english:
                found = key_of(english[dutch.index(text)], crew(plan_id))
                if found is not None:
                    keys.append(found)
        connection.execute(events.update().where(events.c.id == event_id)
                           .values(details={**details, "keys": keys}))


def downgrade():
    connection = op.get_bind()
    events = sa.table('plan_event', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                      sa.column('details', sa.JSON))
    for row in connection.execute(sa.select(events.c.id, events.c.details)
                                  .where(events.c.kind.in_(("edit", "accepted")))).all():
        details = _details(row.details)
        if "keys" in details and "findings" not in details:
            details.pop("keys")
            connection.execute(events.update().where(events.c.id == row.id).values(details=details))
