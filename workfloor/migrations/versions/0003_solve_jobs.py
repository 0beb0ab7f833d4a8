"""Solve jobs: background runs of the planning engine, visible to every web worker

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 02:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('solve_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('floor_ids', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=20), server_default='generate', nullable=False),
    sa.Column('status', sa.String(length=20), server_default='queued', nullable=False),
    sa.Column('time_limit', sa.Integer(), server_default='20', nullable=False),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.Column('stop_requested', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), server_default='', nullable=False),
    sa.Column('plan_version', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_solve_job_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solve_job'))
    )
    with op.batch_alter_table('solve_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solve_job_day'), ['day'], unique=False)


def downgrade():
    with op.batch_alter_table('solve_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solve_job_day'))
    op.drop_table('solve_job')
