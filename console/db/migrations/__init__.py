"""Alembic migrations, shipped inside the package so they run installed and frozen."""
