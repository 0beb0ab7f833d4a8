"""Learner's sick reports wait for an OK; learner wordings and English texts of the framework; self-assessment drafts

Revision ID: 0004_i10
Revises: 0005_i9
Create Date: 2026-11-29 14:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_i10'
down_revision = '0005_i9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed', sa.Boolean(), server_default='1', nullable=False))
    with op.batch_alter_table('competency_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('learner_text', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('name_en', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('description_en', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('level_descriptions_en', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('learner_text_en', sa.String(length=200), server_default='', nullable=False))
    _fill_shipped_texts()
    op.create_table('self_assessment_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_self_assessment_draft_learner_id_learner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment_draft')),
    sa.UniqueConstraint('learner_id', name=op.f('uq_self_assessment_draft_learner_id'))
    )


def _fill_shipped_texts():
    """Give the shipped items their learner wording and English texts; a coordinator edits them after."""
    from competencies import load_default_framework, load_english_texts

    items = sa.table(
        "competency_item", sa.column("id", sa.String), sa.column("learner_text", sa.String),
        sa.column("name_en", sa.String), sa.column("description_en", sa.Text),
        sa.column("level_descriptions_en", sa.JSON), sa.column("learner_text_en", sa.String),
    )
    english = load_english_texts()[1]
    for item in load_default_framework().items(include_retired=True):
        texts = english.get(item.id)
        op.execute(items.update().where(items.c.id == item.id).values(
            learner_text=item.learner_text, name_en=texts.name if texts else "",
            description_en=texts.description if texts else "",
            level_descriptions_en=list(texts.level_descriptions) if texts else [],
            learner_text_en=texts.learner_text if texts else ""))


def downgrade():
    op.drop_table('self_assessment_draft')
    with op.batch_alter_table('competency_item', schema=None) as batch_op:
        batch_op.drop_column('learner_text_en')
        batch_op.drop_column('level_descriptions_en')
        batch_op.drop_column('description_en')
        batch_op.drop_column('name_en')
        batch_op.drop_column('learner_text')
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.drop_column('confirmed')
