"""The demo floor plan: five desks laid out as rows of seats, in floor units (1 unit = one seat pitch).

Zone ``x``/``y``/``width``/``height`` place the desk on the floor. Seat ``x``/``y`` are the seat's centre in
the same floor coordinates (not relative to the zone), so every seat lies inside its zone's rectangle and a
map can draw seats without knowing their zone. Rows come in back-to-back pairs ("banks") with an aisle
between banks and a walkway every few seats.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.services.floor import ZoneSpec

FLOOR_CODE = "KUL-RISK-1"
FLOOR_NAME = "Kuala Lumpur risk operations floor"


@dataclass(frozen=True)
class Desk:
    """A zone before it has coordinates: which desk, how its seats are arranged, where it sits on the plan."""

    code: str
    name: str
    name_zh: str
    skill: str | None
    seat_prefix: str
    rows: tuple[int, ...]  # seats in each row, front to back
    walkway_every: int  # a gap after this many seats in a row
    x: float
    y: float


# Two rows of zones: ATO, Withdrawal and the team-lead desk facing the wall screens; KYC and AML behind.
DESKS = (
    Desk("ato", "ATO desk", "盗号处置席", "ato", "ATO", (8, 8, 7, 7), 4, 0, 0),
    Desk("withdrawal", "Withdrawal review", "提现审核", "withdrawal", "WD", (8, 8, 7, 7), 4, 12, 0),
    Desk("lead", "Team leads", "组长席", None, "TL", (6, 6), 3, 24, 0),
    Desk("kyc", "KYC review", "KYC 审核", "kyc", "KYC", (6, 6, 6, 6), 3, 0, 8),
    Desk("aml", "AML & sanctions", "反洗钱与制裁", "aml", "AML", (6, 6, 6, 6), 3, 12, 8),
)


def _seat_grid(desk: Desk) -> tuple[list[tuple[str, float, float]], float, float]:
    """Seats (code, centre x, centre y) in floor units, and the zone's width and height."""
    seats: list[tuple[str, float, float]] = []
    max_x = max_y = 0.0
    n = 0
    for r, count in enumerate(desk.rows):
        bank, within = divmod(r, 2)
        y = 1 + bank * 3 + within  # a bank is two rows back to back; one unit of aisle between banks
        for c in range(count):
            x = 1 + c + c // desk.walkway_every
            n += 1
            seats.append((f"{desk.seat_prefix}-{n:02d}", desk.x + x + 0.5, desk.y + y + 0.5))
            max_x, max_y = max(max_x, x), max(max_y, y)
    return seats, max_x + 2, max_y + 2


def zone_specs() -> list[ZoneSpec]:
    """The five zones with their seats, ready for :func:`console.services.floor.create_floor`."""
    specs = []
    for desk in DESKS:
        seats, width, height = _seat_grid(desk)
        specs.append(
            ZoneSpec(
                code=desk.code,
                name=desk.name,
                names=(("zh_CN", desk.name_zh),),
                skill=desk.skill,
                x=desk.x,
                y=desk.y,
                width=width,
                height=height,
                seats=seats,
            )
        )
    return specs


# Staffing requirements of the demo floor: (desk, from hour, to hour, at least, skill, language). The day
# shifts carry the load (the market's Asian and European hours); nights keep a smaller crew, with Mandarin
# speakers on the ATO and withdrawal desks for China-facing counterparts around the clock.
REQUIREMENTS: tuple[tuple[str, int, int, int, str | None, str | None], ...] = (
    ("ato", 7, 15, 10, None, None),
    ("ato", 15, 23, 8, None, None),
    ("ato", 23, 7, 5, None, None),
    ("ato", 7, 23, 2, None, "zh"),
    ("ato", 23, 7, 2, None, "zh"),
    ("ato", 0, 24, 3, "ato", None),
    ("withdrawal", 7, 15, 10, None, None),
    ("withdrawal", 15, 23, 8, None, None),
    ("withdrawal", 23, 7, 5, None, None),
    ("withdrawal", 0, 24, 1, None, "zh"),
    ("kyc", 7, 15, 8, None, None),
    ("kyc", 15, 23, 6, None, None),
    ("kyc", 23, 7, 3, None, None),
    ("aml", 7, 15, 8, None, None),
    ("aml", 15, 23, 6, None, None),
    ("aml", 23, 7, 3, None, None),
    ("lead", 0, 24, 1, None, None),
)
