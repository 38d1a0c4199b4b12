"""Flask CLI commands: ``create-user`` and ``create-token`` (``flask --app dss_service …``)."""

from __future__ import annotations

import sys

import click
from flask import Flask

from dss_service import auth
from dss_service.errors import DssError
from dss_service.web import ServiceState


def register_commands(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.argument("name")
    @click.option("--role", type=click.Choice(auth.ROLES), required=True)
    @click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
    def create_user(name: str, role: str, password_stdin: bool) -> None:
        """Create a user of the admin UI (asks for the password unless --password-stdin)."""
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        state: ServiceState = app.extensions["dss"]
        try:
            with state.sessions.begin() as session:
                auth.create_user(session, name, role, password)
        except DssError as error:
            raise click.ClickException(error.detail) from None
        click.echo(f"created user {name} with role {role}")

    @app.cli.command("create-token")
    @click.argument("name")
    @click.option("--role", type=click.Choice(auth.ROLES), required=True)
    def create_token(name: str, role: str) -> None:
        """Create an API token and print it (once: only its hash is stored)."""
        state: ServiceState = app.extensions["dss"]
        try:
            with state.sessions.begin() as session:
                _, plain = auth.create_token(session, auth.SYSTEM, name, role)
        except DssError as error:
            raise click.ClickException(error.detail) from None
        click.echo(plain)
