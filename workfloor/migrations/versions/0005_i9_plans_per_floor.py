"""Plans per floor and day (a published plan and its draft revision), notices of changed days

Every existing day plan is split per floor: the rows of each floor's assignments move to
that floor's own plan, which keeps the status, revision and a copy of the history.

Revision ID: 0005_i9
Revises: 0004_i8
Create Date: 2026-11-29 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_i9'
down_revision = '0004_i8'
branch_labels = None
depends_on = None

PLAN_COLUMNS = ('day', 'unplaced', 'status', 'solver_status', 'score', 'explanation', 'revision', 'published_at',
                'published_by_id', 'updated_at', 'updated_by_id', 'version')


def _split_plans_per_floor(conn) -> None:
    meta = sa.MetaData()
    plan = sa.Table('day_plan', meta, autoload_with=conn)
    assignment = sa.Table('assignment', meta, autoload_with=conn)
    event = sa.Table('plan_event', meta, autoload_with=conn)
    floor = sa.Table('floor', meta, autoload_with=conn)
    children = [sa.Table(name, meta, autoload_with=conn) for name in ('crew_member', 'crew_vehicle', 'unstaffed_pin')]
    first_floor = conn.execute(sa.select(sa.func.min(floor.c.id))).scalar()
    for row in conn.execute(sa.select(plan)).mappings().all():
        floors = set()
        for child in children:
            floors |= set(conn.execute(
                sa.select(assignment.c.floor_id).select_from(child.join(assignment, child.c.assignment_id == assignment.c.id))
                .where(child.c.plan_id == row['id'])).scalars())
        floors = sorted(floors) or ([first_floor] if first_floor is not None else [])
        if not floors:
            conn.execute(plan.delete().where(plan.c.id == row['id']))
            continue
        conn.execute(plan.update().where(plan.c.id == row['id']).values(floor_id=floors[0]))
        events = conn.execute(sa.select(event).where(event.c.plan_id == row['id'])).mappings().all()
        for floor_id in floors[1:]:
            new_id = conn.execute(plan.insert().values(floor_id=floor_id, **{c: row[c] for c in PLAN_COLUMNS})
                                  .returning(plan.c.id)).scalar()
            on_floor = sa.select(assignment.c.id).where(assignment.c.floor_id == floor_id)
            for child in children:
                conn.execute(child.update().where(child.c.plan_id == row['id'], child.c.assignment_id.in_(on_floor))
                             .values(plan_id=new_id))
            for e in events:
                conn.execute(event.insert().values(plan_id=new_id, **{k: v for k, v in e.items()
                                                                      if k not in ('id', 'plan_id')}))


def upgrade():
    with op.batch_alter_table('day_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('floor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unplaced', sa.JSON(), nullable=True))
    op.execute("UPDATE day_plan SET unplaced = '[]'")
    _split_plans_per_floor(op.get_bind())
    with op.batch_alter_table('day_plan', schema=None) as batch_op:
        batch_op.alter_column('floor_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('unplaced', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_day_plan_day'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_day_plan_day'), ['day', 'floor_id', 'status'])
        batch_op.create_index(batch_op.f('ix_day_plan_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_day_plan_floor_id'), ['floor_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_day_plan_floor_id_floor'), 'floor', ['floor_id'], ['id'])

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
