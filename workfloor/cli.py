"""Command-line commands: thin wrappers around operations; each commits once."""
from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from workfloor.clitools import fail
from workfloor.extensions import db


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds users.")
def demo_data(if_empty: bool) -> None:
    """Fill the database with a believable leerwerkplaats to try things out."""
    from workfloor import demo
    from workfloor.models import User

    if current_app.config["WORKFLOOR_ENV"] == "production":
        fail("demo-data refuses to run in production: it creates accounts with a known password.")
    if db.session.scalar(select(func.count()).select_from(User)):
        if if_empty:
            click.echo("The database already holds data; demo data not loaded.")
            _print_logins()
            return
        fail("The database is not empty. Run demo-data on a fresh database.")
    summary = demo.build()
    db.session.commit()
    click.echo(summary)
    _print_logins()


def _print_logins() -> None:
    from workfloor import demo
    logins = demo.logins()
    if not logins:
        return
    click.echo("\nDemo logins (password: %s):" % demo.PASSWORD)
    for role, email in logins:
        click.echo(f"  {role:<12} {email}")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--first-name", required=True)
@click.option("--last-name", required=True)
@click.option("--role", type=click.Choice(["coordinator", "supervisor", "counsellor"]), default="coordinator")
@click.password_option()
def create_user(email: str, first_name: str, last_name: str, role: str, password: str) -> None:
    """Create a staff account (the first coordinator on a production database)."""
    from workfloor.users.operations import UserError, create_staff_user

    try:
        user = create_staff_user(email=email, first_name=first_name, last_name=last_name, role=role,
                                 password=password)
    except UserError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


def register(app: Flask) -> None:
    """Add the commands to `flask --app workfloor`."""
    from workfloor.assessments.cli import export_assessments
    from workfloor.backup import backup_command, restore_command
    from workfloor.privacy.cli import privacy
    from workfloor.assignments.cli import expand_templates_command
    from workfloor.planning.cli import COMMANDS as planning_commands
    from workfloor.planning.notices import send_notices_command
    from workfloor.trajectory.cli import report_command

    for command in (demo_data, create_user, export_assessments, expand_templates_command, *planning_commands,
                    send_notices_command, privacy, backup_command, restore_command, report_command):
        app.cli.add_command(command)
