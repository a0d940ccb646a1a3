"""Storage layer: SQLAlchemy models, sessions, migrations, backups and checks. Owns all SQL."""
