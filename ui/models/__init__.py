"""Qt item models over core query results. Never query the database in ``data()``."""
