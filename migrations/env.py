"""Alembic environment: one history for every table of the platform database."""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context

from appkit.database import make_engine
from appkit.settings import default_database_url
from dss_service.models import Base as DssBase
from sts_bot.models import Base as StsBase

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = [StsBase.metadata, DssBase.metadata]


def database_url() -> str:
    return config.attributes.get("database_url") or default_database_url(os.environ)


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
