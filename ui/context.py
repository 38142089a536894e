"""What every dock is given: the database, the task runner, the live hub and the floor clock."""

from __future__ import annotations

from dataclasses import dataclass

from console.auth import Actor
from console.db.engine import Database
from console.settings import Settings
from ui.clock import FloorClock
from ui.hub import LiveHub
from ui.tasks import TaskRunner


@dataclass
class ConsoleContext:
    db: Database
    runner: TaskRunner
    hub: LiveHub
    clock: FloorClock
    settings: Settings
    actor: Actor
    wall: bool = False
    floor_id: int | None = None
    # Stand for the floor's timer leader (SLA breaches, escalations: console.timers), as the app does; the
    # election makes it one process per floor however many consoles run. Off in tests that build windows.
    timers: bool = False
    # Verify the audit chain in the background after the first paint (the app does; tests ask for it).
    audit_check: bool = False
