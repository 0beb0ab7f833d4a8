"""A session token per account, so logout, a password change and a reset end its sessions on the server

Revision ID: 0006_h14s
Revises: 0006_lead_workshop
Create Date: 2026-11-29 17:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_h14s'
down_revision = '0006_lead_workshop'
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts start without a token: their old sessions stop loading (one new login each),
    # and the next login gives the account a token.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_token')
