"""One evaluation meeting per scheduled month of a learner's trajectory

Revision ID: 0007_lead_meeting_month
Revises: 0006_h12_week
Create Date: 2026-11-29 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_lead_meeting_month'
down_revision = '0006_h12_week'
branch_labels = None
depends_on = None


def upgrade():
    # A month planned twice before the key existed: the earliest meeting keeps the month, the others
    # become ad hoc meetings (nothing is deleted).
    meeting = sa.table('evaluation_meeting', sa.column('id', sa.Integer), sa.column('learner_id', sa.Integer),
                       sa.column('moment_month', sa.Integer))
    bind = op.get_bind()
    rows = bind.execute(sa.select(meeting.c.id, meeting.c.learner_id, meeting.c.moment_month)
                        .where(meeting.c.moment_month.is_not(None)).order_by(meeting.c.id)).all()
    seen, later = set(), []
    for id_, learner_id, month in rows:
        if (learner_id, month) in seen:
            later.append(id_)
        seen.add((learner_id, month))
    if later:
        bind.execute(meeting.update().where(meeting.c.id.in_(later)).values(moment_month=None))
    with op.batch_alter_table('evaluation_meeting', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_evaluation_meeting_learner_id'), ['learner_id', 'moment_month'])


def downgrade():
    with op.batch_alter_table('evaluation_meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_evaluation_meeting_learner_id'), type_='unique')
