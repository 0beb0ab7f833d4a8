"""What every command-line command shares (its own module, so feature CLIs need not import ``workfloor.cli``)."""
from __future__ import annotations

import sys

import click

from workfloor.extensions import db


def fail(message: str) -> None:
    """Stop with exit code 2 and the message on stderr; nothing was written."""
    db.session.rollback()
    click.echo(message, err=True)
    sys.exit(2)


def confirmed(question: str) -> bool:
    """Ask yes or no on the terminal; no answer (end of input) is no."""
    try:
        return click.confirm(question)
    except click.Abort:
        return False
