"""Alembic environment of Essaim. Migrations run on the connection the application hands over."""

from __future__ import annotations

from alembic import context

from app.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Essaim runs its migrations through app.storage.migrations, with a connection.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
