"""What the trajectory file adds to the caseload: open agreements, open obstacles, due follow-ups."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from workfloor.models import Learner, User
from workfloor.trajectory import operations as ops
from workfloor.trajectory.access import SECRECY_ROLES, obstacle_view
from workfloor.trajectory.vocabulary import ContactKind, ObstacleCategory


def caseload_extras(user: User, learners: Sequence[Learner], today: date) -> dict:
    """Per learner the open agreements, open obstacles (as this user may see them) and contract flags;
    the contact follow-ups due only for the roles that may read contacts."""
    learner_ids = [learner.id for learner in learners]
    obstacles = {learner_id: [obstacle_view(o, user.role) for o in rows]
                 for learner_id, rows in ops.open_obstacles(learner_ids).items()}
    return {
        "open_agreements": ops.open_agreements(learner_ids),
        "rights": ops.rights_for(learners, today),
        "open_obstacles": obstacles,
        "follow_ups": ops.due_follow_ups(learner_ids, today) if user.role in SECRECY_ROLES else [],
        "category_labels": dict(ObstacleCategory.choices()),
        "contact_kinds": dict(ContactKind.choices()),
    }
