"""Database access: engines, the ORM models and the schema migrations."""
