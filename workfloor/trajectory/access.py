"""Who sees which part of the trajectory file (on top of workfloor.access: role gate and learner check).

Contact notes are professional secrecy: the learner's counsellor and the coordinator only. A
supervisor knows an obstacle exists, and sees its category only when it affects the work.
"""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from workfloor.access import learner_or_404
from workfloor.extensions import db
from workfloor.models import Learner, Obstacle
from workfloor.vocabulary import Role

SECRECY_ROLES = (Role.COORDINATOR, Role.COUNSELLOR)


def secrecy_learner_or_404(learner_id: int) -> Learner:
    """A learner whose contacts the current user may read: coordinator, or the learner's own counsellor."""
    if current_user.role not in SECRECY_ROLES:
        abort(403)
    return learner_or_404(learner_id, edit=True)


def row_or_404(model: type, row_id: int, *, secrecy: bool = False):
    """A row of a learner's trajectory the current user may change; 404 hides the rest."""
    row = db.get_or_404(model, row_id)
    if secrecy:
        secrecy_learner_or_404(row.learner_id)
    else:
        learner_or_404(row.learner_id, edit=True)
    return row


def obstacle_view(obstacle: Obstacle, role: str) -> dict:
    """What this role may see of an obstacle: everything, or (supervisor) that it exists and, when it
    affects the work, its category."""
    if role in SECRECY_ROLES:
        return {"obstacle": obstacle, "category": obstacle.category, "full": True}
    return {"obstacle": obstacle, "category": obstacle.category if obstacle.affects_work else None, "full": False}
