"""Use cases, one module per domain. The only way data changes: UI, CLI and simulator all call these."""
