"""Plans per floor and day (a published plan and its draft revision), notices of changed days

Every existing day plan is split per floor: the rows of each floor's assignments move to
that floor's own plan, which keeps the status, revision and a copy of the history.

Revision ID: 0005_i9
Revises: 0004_i14a
Create Date: 2026-11-29 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_i9'
down_revision = '0004_i14a'
branch_labels = None
depends_on = None

PLAN_COLUMNS = ('day', 'unplaced', 'status', 'solver_status', 'score', 'explanation', 'revision', 'published_at',
                'published_by_id', 'updated_at', 'updated_by_id', 'version')


CHILDREN = ('crew_member', 'crew_vehicle', 'unstaffed_pin')


def _read(conn) -> dict:
    """Everything hanging off the day plans, kept aside: on SQLite, recreating day_plan in batch mode
    would cascade-delete it (foreign keys are on)."""
    meta = sa.MetaData()
    tables = {name: sa.Table(name, meta, autoload_with=conn) for name in (*CHILDREN, 'plan_event', 'assignment')}
    floor_of = dict(conn.execute(sa.select(tables['assignment'].c.id, tables['assignment'].c.floor_id)).all())
    rows = {name: [dict(r) for r in conn.execute(sa.select(tables[name])).mappings()]
            for name in (*CHILDREN, 'plan_event')}
    return {"tables": tables, "rows": rows, "floor_of": floor_of}


def _split(conn, kept: dict) -> dict[int, dict[int, int]]:
    """Give each plan the floor of its crews; a plan with crews of several floors gets a copy per extra floor.

    Returns, per old plan id, floor id -> plan id.
    """
    plan = sa.Table('day_plan', sa.MetaData(), autoload_with=conn)
    first_floor = conn.execute(sa.text("SELECT min(id) FROM floor")).scalar()
    mapping: dict[int, dict[int, int]] = {}
    for row in conn.execute(sa.select(plan)).mappings().all():
        floors = sorted({kept["floor_of"].get(r['assignment_id']) for name in CHILDREN for r in kept["rows"][name]
                         if r['plan_id'] == row['id']} - {None})
        floors = floors or ([first_floor] if first_floor is not None else [])
        if not floors:
            conn.execute(plan.delete().where(plan.c.id == row['id']))
            mapping[row['id']] = {}
            continue
        conn.execute(plan.update().where(plan.c.id == row['id']).values(floor_id=floors[0], unplaced=[]))
        mapping[row['id']] = {floors[0]: row['id']}
        for floor_id in floors[1:]:
            values = {c: row[c] for c in PLAN_COLUMNS if c != 'unplaced'}
            mapping[row['id']][floor_id] = conn.execute(
                plan.insert().values(floor_id=floor_id, unplaced=[], **values).returning(plan.c.id)).scalar()
    return mapping


def _restore(conn, kept: dict, mapping: dict[int, dict[int, int]]) -> None:
    """Put the crews back on their floor's plan, and the history on every part of a split plan."""
    tables, rows = kept["tables"], kept["rows"]
    for name in ('plan_event', *CHILDREN):
        conn.execute(tables[name].delete())
    for name in CHILDREN:
        for r in rows[name]:
            plan_id = mapping.get(r['plan_id'], {}).get(kept["floor_of"].get(r['assignment_id']))
            if plan_id is not None:
                conn.execute(tables[name].insert().values(**{**r, 'plan_id': plan_id}))
    for r in rows['plan_event']:
        parts = sorted(mapping.get(r['plan_id'], {}).values())
        for i, plan_id in enumerate(parts):
            values = {**r, 'plan_id': plan_id}
            if i:
                values.pop('id')
            conn.execute(tables['plan_event'].insert().values(**values))


def upgrade():
    conn = op.get_bind()
    kept = _read(conn)
    with op.batch_alter_table('day_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('floor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unplaced', sa.JSON(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_day_plan_day'), type_='unique')  # a day has several plans now
    mapping = _split(conn, kept)
    with op.batch_alter_table('day_plan', schema=None) as batch_op:
        batch_op.alter_column('floor_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('unplaced', existing_type=sa.JSON(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_day_plan_day'), ['day', 'floor_id', 'status'])
        batch_op.create_index(batch_op.f('ix_day_plan_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_day_plan_floor_id'), ['floor_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_day_plan_floor_id_floor'), 'floor', ['floor_id'], ['id'])
    _restore(conn, kept, mapping)

    with op.batch_alter_table('solve_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_token', sa.String(length=200), server_default='', nullable=False))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_notices', sa.Boolean(), server_default='1', nullable=False))

    op.create_table('plan_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('floor_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('mail_status', sa.String(length=10), server_default='none', nullable=False),
    sa.Column('mail_attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('mail_error', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['floor_id'], ['floor.id'], name=op.f('fk_plan_notice_floor_id_floor')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_plan_notice_person_id_person'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_notice'))
    )
    with op.batch_alter_table('plan_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_notice_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_notice_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('plan_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_notice_person_id'))
        batch_op.drop_index(batch_op.f('ix_plan_notice_day'))
    op.drop_table('plan_notice')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('mail_notices')
    with op.batch_alter_table('solve_job', schema=None) as batch_op:
        batch_op.drop_column('plan_token')
    # One plan per day again: keep the first floor's plan of each day and status.
    conn = op.get_bind()
    plan = sa.Table('day_plan', sa.MetaData(), autoload_with=conn)
    keep = sa.select(sa.func.min(plan.c.id)).group_by(plan.c.day)
    conn.execute(plan.delete().where(plan.c.id.not_in(keep)))
    with op.batch_alter_table('day_plan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_day_plan_floor_id_floor'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_day_plan_floor_id'))
        batch_op.drop_index(batch_op.f('ix_day_plan_day'))
        batch_op.drop_constraint(batch_op.f('uq_day_plan_day'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_day_plan_day'), ['day'])
        batch_op.drop_column('floor_id')
        batch_op.drop_column('unplaced')
