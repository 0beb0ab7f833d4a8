"""Hardening: assessments get a version, spent form tokens, the audit log is append-only on PostgreSQL

Revision ID: 0004_i14a
Revises: 0004_i8
Create Date: 2026-11-29 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_i14a'
down_revision = '0004_i8'
branch_labels = None
depends_on = None

# The app may add audit entries, never change or remove one. The one update let through is the
# foreign key's own ON DELETE SET NULL when a learner row is deleted (nothing else may differ).
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.learner_id IS NOT NULL AND NEW.learner_id IS NULL
           AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id
           AND NEW.action = OLD.action AND NEW.object_type = OLD.object_type
           AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id AND NEW.changes::text = OLD.changes::text THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    op.create_table('form_token',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('used_at', sa.DateTime(), nullable=False),
    sa.Column('location', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_form_token'))
    )
    with op.batch_alter_table('form_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_token_used_at'), ['used_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_token_user_id'), ['user_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute("CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
                   "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()")
        op.execute("CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")

    with op.batch_alter_table('form_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_token_user_id'))
        batch_op.drop_index(batch_op.f('ix_form_token_used_at'))
    op.drop_table('form_token')

    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('version')
