"""Login sessions, one per browser or phone: started at login, ended at logout, all ended by a new password.

The session cookie carries the account id and a random token; the database keeps the token's digest in
``login_session``. A request loads its user only while that row is there, so ending a session on the
server also ends every copy of its cookie.
"""
from __future__ import annotations

from sqlalchemy import delete, select

from workfloor.extensions import db
from workfloor.models import LoginSession, User, holds_session, new_session_token, session_digest

# Sessions an account keeps (a phone, a floor tablet, the office, ...): logging in once more ends the oldest.
KEPT_PER_ACCOUNT = 10


def start(user: User) -> None:
    """A new session for this device: ``user.get_id()`` now carries its token."""
    older = (select(LoginSession.id).where(LoginSession.user_id == user.id)
             .order_by(LoginSession.started_at.desc(), LoginSession.id.desc()).offset(KEPT_PER_ACCOUNT - 1))
    db.session.execute(delete(LoginSession).where(LoginSession.id.in_(older.scalar_subquery())))
    user.session_token = new_session_token()
    db.session.add(LoginSession(user_id=user.id, token_digest=session_digest(user.session_token)))


def end(user: User) -> None:
    """End this device's session (logout): the account's other sessions go on."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.token_digest == session_digest(user.session_token)))


def end_all(user: User) -> None:
    """End every session of the account: a new password, a coordinator's reset, "log out everywhere"."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def account(user_id: int, digest: str) -> User | None:
    """The account, while it holds a session with this token digest."""
    return db.session.execute(select(User).where(User.id == user_id, holds_session(digest))).scalar()
