"""The demo: a realistic Kuala Lumpur risk-operations floor with history, and a simulator that keeps it live.

Everything here writes through :mod:`console.services`, exactly as the UI and upstream systems do, so the
demo also exercises the audit log and the change feed. ``watchfloor demo`` and ``watchfloor simulate`` call
in here.
"""

from console.demo.build import create_demo_floor, has_floor

__all__ = ["create_demo_floor", "has_floor"]
