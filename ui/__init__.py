"""Watchfloor's Qt console: docks, models and the main window. Thin over :mod:`console`."""
