"""Streaming anomaly detection and its measurement on labelled data (NAB's corpus format and scoring)."""
