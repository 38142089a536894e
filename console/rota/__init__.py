"""The rota: templates, rules, the rule checker and the CP-SAT generator (no database, no Qt)."""
