"""Watchfloor core: data, services and the change feed. Knows nothing of Qt."""

__version__ = "0.1.0"
