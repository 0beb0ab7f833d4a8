"""The week in the app: flexible assignments and templates, the learner's mentor, a goal's weekly practice target

Revision ID: 0006_h12_week
Revises: 0006_h13_trajectory
Create Date: 2026-11-29 17:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_h12_week'
down_revision = '0006_h13_trajectory'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('window_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('window_end', sa.Date(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_assignment_window_complete'), '(window_start IS NULL) = (window_end IS NULL)')
        batch_op.create_check_constraint(
            op.f('ck_assignment_day_in_window'), 'window_start IS NULL OR (window_start <= day AND day <= window_end)')
    with op.batch_alter_table('assignment_template', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flexible_until', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_assignment_template_flexible_in_week'), 'flexible_until IS NULL OR (flexible_until > weekday AND flexible_until <= 4)')
    with op.batch_alter_table('learner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentor_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_learner_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_learner_mentor_id_supervisor'), 'supervisor', ['mentor_id'],
                                    ['id'], ondelete='SET NULL')
    with op.batch_alter_table('development_goal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('per_week', sa.Integer(), server_default='4', nullable=False))
        batch_op.create_check_constraint(op.f('ck_development_goal_per_week_range'), 'per_week BETWEEN 0 AND 10')


def downgrade():
    with op.batch_alter_table('development_goal', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_development_goal_per_week_range'), type_='check')
        batch_op.drop_column('per_week')
    with op.batch_alter_table('learner', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_learner_mentor_id_supervisor'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_learner_mentor_id'))
        batch_op.drop_column('mentor_id')
    with op.batch_alter_table('assignment_template', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_assignment_template_flexible_in_week'), type_='check')
        batch_op.drop_column('flexible_until')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_assignment_day_in_window'), type_='check')
        batch_op.drop_constraint(op.f('ck_assignment_window_complete'), type_='check')
        batch_op.drop_column('window_end')
        batch_op.drop_column('window_start')
