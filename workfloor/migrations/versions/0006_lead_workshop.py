"""The floor's workshop (leerwerkplaats at the base) as a setting of the floor

Revision ID: 0006_lead_workshop
Revises: 0006_h10t
Create Date: 2026-11-29 17:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_lead_workshop'
down_revision = '0006_h10t'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('floor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workshop_site_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('workshop_capacity', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('workshop_supervisors', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_floor_workshop_site_id_site'), 'site', ['workshop_site_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_floor_workshop_capacity_range'), 'workshop_capacity BETWEEN 0 AND 50')
        batch_op.create_check_constraint(batch_op.f('ck_floor_workshop_supervisors_range'), 'workshop_supervisors BETWEEN 0 AND 10')
    with op.batch_alter_table('assignment_template', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workshop', sa.Boolean(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('assignment_template', schema=None) as batch_op:
        batch_op.drop_column('workshop')
    with op.batch_alter_table('floor', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_floor_workshop_supervisors_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_floor_workshop_capacity_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_floor_workshop_site_id_site'), type_='foreignkey')
        batch_op.drop_column('workshop_supervisors')
        batch_op.drop_column('workshop_capacity')
        batch_op.drop_column('workshop_site_id')
