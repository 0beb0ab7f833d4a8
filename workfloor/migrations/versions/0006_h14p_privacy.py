"""Privacy: erased persons and learners; history rows name persons by id, never by name

Plan history used to freeze names at write time ("Afwezig: Jan Peeters. …", the diff's "who"); the
audit log copied a person's old and new names and phone number. Both now keep ids and render names
when read, so a renamed or erased person's name disappears everywhere. This migration rewrites the
existing rows where it can: an absence line gets the person ids its details already hold, diff
entries and the solve jobs' result panels lose their stored names, and the audit log's copies of names and phone numbers become a
mark that the field changed.

The audit log is append-only for the app (trigger of 0004_i14a). This one-off data-protection
rewrite runs as the schema owner and lifts the trigger only inside this migration's transaction.

Revision ID: 0006_h14p
Revises: 0006_h14s
Create Date: 2026-11-29 17:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_h14p'
down_revision = '0006_h14s'
branch_labels = None
depends_on = None

HIDDEN = "\u2022"  # workfloor.audit.HIDDEN
IDENTITY = ("first_name", "last_name", "phone")
NEUTRAL = {  # the stored fallback line, naming nobody (text.summary does the same for new rows)
    "absent_released": "Afwezig: %(names)s. Uit de ploeg gehaald; vastzetting opgeheven voor %(pinned)s.",
    "absent_removed": "Afwezig: %(names)s. Uit de ploeg gehaald.",
}

plan_event = sa.table('plan_event', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                      sa.column('summary', sa.Text), sa.column('details', sa.JSON))
solve_job = sa.table('solve_job', sa.column('id', sa.Integer), sa.column('result', sa.JSON))
audit_entry = sa.table('audit_entry', sa.column('id', sa.Integer), sa.column('object_type', sa.String),
                       sa.column('changes', sa.JSON))


def _persons(count: int) -> str:
    return f"{count} persoon" if count == 1 else f"{count} personen"


def _event(kind: str, summary: str, details: dict) -> tuple[str, dict] | None:
    """The row without names, or None when it held none."""
    details = dict(details or {})
    changed = False
    diff = details.get("diff")
    if isinstance(diff, list):
        cleaned = []
        for entry in diff:
            if isinstance(entry, dict) and str(entry.get("key", "")).startswith("person:") and (
                    "who" in entry or "text" in entry):
                entry = {k: v for k, v in entry.items() if k not in ("who", "text")}
                changed = True
            elif isinstance(entry, dict) and "text" in entry:
                entry = {k: v for k, v in entry.items() if k != "text"}
                changed = True
            cleaned.append(entry)
        details["diff"] = cleaned
    if kind == "absent":
        released = [r for r in details.get("released") or [] if isinstance(r, dict)]
        persons = sorted({r.get("person") for r in released if isinstance(r.get("person"), int)}
                         or set(i for i in details.get("persons") or [] if isinstance(i, int)))
        pinned = sorted({r["person"] for r in released if r.get("pinned") and isinstance(r.get("person"), int)})
        key = "absent_released" if pinned else "absent_removed"
        details["summary"] = {"key": key, "params": {"persons": persons, "pinned_persons": pinned}}
        summary = NEUTRAL[key] % {"names": _persons(len(persons)), "pinned": _persons(len(pinned))}
        changed = True
    return (summary, details) if changed else None


def upgrade():
    # Plain ADD COLUMN (no batch copy): recreating a table on SQLite would cascade its deletes.
    op.add_column('learner', sa.Column('erased_at', sa.DateTime(), nullable=True))
    op.add_column('person', sa.Column('erased_at', sa.DateTime(), nullable=True))

    conn = op.get_bind()
    for row in conn.execute(sa.select(plan_event)).all():
        new = _event(row.kind, row.summary, row.details)
        if new is not None:
            conn.execute(plan_event.update().where(plan_event.c.id == row.id).values(summary=new[0], details=new[1]))

    for row in conn.execute(sa.select(solve_job).where(solve_job.c.result.isnot(None))).all():
        result = dict(row.result or {})
        summary = result.get("summary")
        if isinstance(summary, dict) and any(isinstance(f, dict) and "name" in f for f in summary.get("unplaced") or []):
            summary = {**summary, "unplaced": [{k: v for k, v in f.items() if k != "name"} if isinstance(f, dict) else f
                                               for f in summary["unplaced"]]}
            conn.execute(solve_job.update().where(solve_job.c.id == row.id).values(result={**result, "summary": summary}))

    postgres = conn.dialect.name == 'postgresql'
    if postgres:
        op.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
    for row in conn.execute(sa.select(audit_entry).where(audit_entry.c.object_type == 'Person')).all():
        changes = dict(row.changes or {})
        hidden = {k: [None if v is None else HIDDEN for v in pair] for k, pair in changes.items()
                  if k in IDENTITY and isinstance(pair, list)}
        if hidden and any(hidden[k] != changes[k] for k in hidden):
            conn.execute(audit_entry.update().where(audit_entry.c.id == row.id).values(changes={**changes, **hidden}))
    if postgres:
        op.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")


def downgrade():
    # The names removed from history rows are not put back: they are gone by design.
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
    with op.batch_alter_table('learner', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
