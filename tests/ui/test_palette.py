"""Colours that never hide danger: the palettes stay apart for colour-blind eyes, badges survive selection.

Deuteranopia and protanopia are simulated on the colours the console actually renders (the legend's swatches,
the seats on the map, the badges the delegate paints), with the Machado, Oliveira & Fernandes (2009) matrices
at severity 1.0 applied in linear RGB; every pair of states a supervisor must tell apart has to stay at least
:data:`MIN_DELTA_E` apart in CIEDE2000, for normal vision and both simulations. The colour maths is here, in
numpy, so the check depends on nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import combinations

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QGraphicsScene, QTableView

from console.auth import SYSTEM
from console.feed import changes_since, last_seq
from console.floortime import floor_zone
from console.services import indicators as indicator_service
from ui.clock import FloorClock
from ui.delegates import BadgeDelegate
from ui.docks.floor import PresenceLegend
from ui.docks.floor_seat import SEAT, SeatItem, tint
from ui.format import LEVEL_COLORS, PRESENCE_COLORS, SEVERITY_COLORS, SLA_COLORS, BadgeRole
from ui.models.seats import EMPTY, STATE_ORDER, SeatMapModel, state_color, state_letter

MIN_DELTA_E = 10.0  # CIEDE2000: about "clearly different at a glance"; 2.3 is a just-noticeable difference

# -- colour maths --------------------------------------------------------------------------------------------
# Machado, Oliveira & Fernandes 2009, "A Physiologically-based Model for Simulation of Color Vision
# Deficiency", severity 1.0; they act on linear RGB.
MACHADO = {
    "normal": np.eye(3),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
}
SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
D65 = np.array([0.95047, 1.0, 1.08883])


def to_linear(rgb: np.ndarray) -> np.ndarray:
    """sRGB in 0..1 to linear light."""
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def linear_to_lab(linear: np.ndarray) -> np.ndarray:
    """Linear sRGB to CIELAB (D65)."""
    xyz = SRGB_TO_XYZ @ linear / D65
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(color: QColor, vision: str) -> np.ndarray:
    """The CIELAB colour a viewer with this vision perceives."""
    linear = to_linear(np.array([color.redF(), color.greenF(), color.blueF()]))
    return linear_to_lab(np.clip(MACHADO[vision] @ linear, 0.0, 1.0))


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if c2p else 0.0
    dlp, dcp = l2 - l1, c2p - c1p
    dhp = 0.0
    if c1p * c2p:
        dhp = h2p - h1p
        dhp = dhp - 360 if dhp > 180 else dhp + 360 if dhp < -180 else dhp
    d_hp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dhp) / 2)
    l_bar, c_bar_p = (l1 + l2) / 2, (c1p + c2p) / 2
    if not c1p * c2p:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(c_bar_p**7 / (c_bar_p**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar_p
    s_h = 1 + 0.015 * c_bar_p * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return float(
        np.sqrt((dlp / s_l) ** 2 + (dcp / s_c) ** 2 + (d_hp / s_h) ** 2 + r_t * (dcp / s_c) * (d_hp / s_h))
    )


def closest_pairs(colors: dict[str, QColor]) -> Iterator[tuple[str, float, str, str]]:
    """For each vision, the pair of states that look most alike and how far apart they are."""
    for vision in MACHADO:
        labs = {name: seen(c, vision) for name, c in colors.items()}
        delta, a, b = min((ciede2000(labs[a], labs[b]), a, b) for a, b in combinations(colors, 2))
        yield vision, delta, a, b


def assert_apart(colors: dict[str, QColor]) -> None:
    too_close = [
        f"{vision}: {a} vs {b} ΔE00 {delta:.1f}"
        for vision, delta, a, b in closest_pairs(colors)
        if delta < MIN_DELTA_E
    ]
    assert not too_close, f"colours too close (need ΔE00 ≥ {MIN_DELTA_E}): {too_close}"


# -- reading rendered pixels ---------------------------------------------------------------------------------
def pixels(image: QImage, rect: QRect | None = None) -> Counter[int]:
    """How often each RGB value occurs in ``rect`` of ``image``."""
    img = image.convertToFormat(QImage.Format.Format_RGB32)
    if rect is not None:
        img = img.copy(rect)
    data = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)
    bgra = data[:, : img.width()].reshape(-1, 4).astype(np.uint32)
    rgb = (bgra[:, 2] << 16) | (bgra[:, 1] << 8) | bgra[:, 0]
    return Counter(rgb.tolist())


def dominant(image: QImage, rect: QRect | None = None, exclude: tuple[QColor, ...] = ()) -> QColor:
    """The commonest colour in ``rect``, leaving out backgrounds (the fill of a badge or swatch)."""
    skip = {c.rgb() & 0xFFFFFF for c in exclude}
    value = next(v for v, _ in pixels(image, rect).most_common() if v not in skip)
    return QColor((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)


# -- the maths itself ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu & Dalal 2005, table 1 (pairs 1, 4, 17, 18, 19, 25, 34)
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
        ((50.0, 2.5, 0.0), (50.0, 3.1736, 0.5854), 1.0000),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ],
)
def test_ciede2000_matches_the_published_test_data(
    lab1: tuple[float, ...], lab2: tuple[float, ...], expected: float
) -> None:
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(np.array(lab2), np.array(lab1)) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_greys_and_merges_red_with_green() -> None:
    """White and greys stay put; the classic confusion (a red and a green of similar lightness) collapses."""
    for grey in ("#ffffff", "#808080"):
        for vision in MACHADO:
            assert ciede2000(seen(QColor(grey), vision), seen(QColor(grey), "normal")) < 0.5
    red, green = QColor("#dc2626"), QColor("#2e9d5b")  # the old "absent" and "present"
    assert ciede2000(seen(red, "normal"), seen(green, "normal")) > 40
    assert ciede2000(seen(red, "deuteranopia"), seen(green, "deuteranopia")) < 15


def test_the_old_palette_fails_the_check() -> None:
    """The check catches what was reported: on break ≈ on leave and P2 ≈ P3 under deuteranopia."""
    old_breaks = {"on_break": QColor("#3b82f6"), "leave": QColor("#8b5cf6")}
    old_p2_p3 = {"P2": QColor("#ea580c"), "P3": QColor("#ca8a04")}
    for colors in (old_breaks, old_p2_p3):
        with pytest.raises(AssertionError, match="deuteranopia"):
            assert_apart(colors)


# -- the seat states: legend swatches and seats as rendered --------------------------------------------------
@pytest.fixture
def legend(qtbot) -> PresenceLegend:  # type: ignore[no-untyped-def]
    model = SeatMapModel(FloorClock(floor_zone()))
    widget = PresenceLegend(model)
    qtbot.addWidget(widget)
    widget.resize(900, 80)
    widget.show()
    return widget


def test_legend_swatches_carry_colour_and_letter_and_stay_apart(legend: PresenceLegend) -> None:
    background = legend.palette().color(QPalette.ColorRole.Window)
    rendered = {}
    for key in STATE_ORDER:
        image = legend.swatches[key].grab().toImage()
        rendered[key] = dominant(image, exclude=(background,))
        assert rendered[key] == state_color(key), key  # the legend draws what the palette says
        letter = state_letter(key)
        if key != EMPTY:  # the letter is drawn on the swatch, in the swatch's ink
            assert letter, key
            assert len(pixels(image)) > 12, f"{key}: no letter drawn on the swatch"
    letters = [state_letter(k) for k in STATE_ORDER if k != EMPTY]
    assert len(set(letters)) == len(letters), letters
    assert_apart(rendered)


def test_seats_on_the_map_show_the_legend_colours(qapp) -> None:  # type: ignore[no-untyped-def]
    scene = QGraphicsScene()
    items = {}
    for n, key in enumerate(STATE_ORDER):
        item = SeatItem(n)
        scene.addItem(item)
        item.set_state(n * 1.2, 0, f"A-{n:02d}", "" if key == EMPTY else "Ana Full", key, state_letter(key))
        items[key] = item
    image = QImage(int(len(STATE_ORDER) * 1.2 * 100), 100, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    source = QRectF(-SEAT / 2 - 5, -SEAT / 2 - 5, image.width(), image.height())
    scene.render(painter, QRectF(image.rect()), source)
    painter.end()
    for key, item in items.items():
        centre = item.pos() - source.topLeft()
        rect = QRect(
            int(centre.x() - SEAT / 2 + 6), int(centre.y() - SEAT / 2 + 6), int(SEAT - 12), int(SEAT - 12)
        )
        # Up close a seat is a light tint of its state colour (dark text reads on it) ringed in the colour.
        fill = state_color(key) if key == EMPTY else tint(state_color(key))
        assert dominant(image, rect) == fill, key
        if key != EMPTY:
            ring = image.pixelColor(int(centre.x() - SEAT / 2 + 4), int(centre.y()))
            assert ring == state_color(key), key
    # Zoomed far out the seat is filled with the colour itself, its letter on it (the view tells the seats
    # how large they are on screen).
    for item in items.values():
        item.apply_look(0.2)
    small = QImage(int(len(STATE_ORDER) * 1.2 * 100 * 0.2), 20, QImage.Format.Format_RGB32)
    small.fill(QColor("white"))
    painter = QPainter(small)
    scene.render(painter, QRectF(small.rect()), source)
    painter.end()
    for key, item in items.items():
        centre = (item.pos() - source.topLeft()) * 0.2
        rect = QRect(int(centre.x() - 6), int(centre.y() - 6), 12, 12)
        assert dominant(small, rect) == state_color(key), key


# -- badges: the delegate paints the palette's colours, selected or not --------------------------------------
def badge_table(qtbot, colors: dict[str, QColor]) -> tuple[QTableView, dict[str, QColor]]:  # type: ignore[no-untyped-def]
    """A table of one badge per colour, every row selected; returns the badge colours as rendered."""
    model = QStandardItemModel()
    for name, color in colors.items():
        item = QStandardItem(name)
        item.setData(color, BadgeRole)
        item.setData(int(Qt.AlignmentFlag.AlignCenter), Qt.ItemDataRole.TextAlignmentRole)
        model.appendRow(item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(BadgeDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
    view.resize(300, 40 * (len(colors) + 1))
    view.show()
    view.selectAll()
    image = view.viewport().grab().toImage()
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    rendered = {}
    for row, name in enumerate(colors):
        rect = view.visualRect(model.index(row, 0))
        rendered[name] = dominant(image, rect, exclude=(highlight,))
    return view, rendered


@pytest.mark.parametrize(
    "palette",
    [
        pytest.param({f"P{n}": c for n, c in SEVERITY_COLORS.items()}, id="severity"),
        pytest.param(dict(LEVEL_COLORS), id="indicator-level"),
        pytest.param(dict(SLA_COLORS), id="sla"),
        pytest.param({p.value: c for p, c in PRESENCE_COLORS.items() if p is not None}, id="roster-status"),
    ],
)
def test_badges_survive_selection_and_stay_apart(qtbot, palette: dict[str, QColor]) -> None:  # type: ignore[no-untyped-def]
    view, rendered = badge_table(qtbot, palette)
    assert rendered == palette  # selected, and still in their own colours
    # A state without a badge (a normal level, an SLA not yet close) shows the row itself: apart from all too.
    base = view.palette().color(QPalette.ColorRole.Base)
    assert_apart({**rendered, "no badge": base})


# -- the real docks: a selected P1 and a selected critical indicator keep their colours ----------------------
def _selected_cell_colour(view: QTableView, row: int, column: int) -> QColor:
    view.selectionModel().select(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    image = view.viewport().grab().toImage()
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    return dominant(image, view.visualRect(view.model().index(row, column)), exclude=(highlight,))


def test_selected_rows_keep_severity_and_level_colours(qtbot, db, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.docks.incidents import IncidentsDock
    from ui.docks.indicators import IndicatorsDock
    from ui.models.incident_queue import COLUMNS as QUEUE_COLUMNS
    from ui.models.indicators import COLUMNS as INDICATOR_COLUMNS
    from ui.models.indicators import KeyRole, LevelRole

    ctx = make_ctx(db, small_floor.now)
    incidents, indicators = IncidentsDock(ctx), IndicatorsDock(ctx)
    for dock in (incidents, indicators):
        qtbot.addWidget(dock)
        dock.resize(900, 400)
        dock.show()
        dock.load()
    # Nothing is selected at start; the charts show the indicators all the same.
    assert not incidents.view.selectionModel().hasSelection()
    assert not indicators.table.selectionModel().hasSelection()
    assert indicators.charts.multiples.plots
    assert indicators.charts.detail_id is not None

    severity = QUEUE_COLUMNS.index("severity")
    for row in range(incidents.model.rowCount()):
        sev = int(str(incidents.model.index(row, severity).data())[1:])
        assert _selected_cell_colour(incidents.view, row, severity) == SEVERITY_COLORS[sev]

    seq = last_seq(db)  # a sample over the critical threshold arrives
    indicator_service.ingest(db, SYSTEM, [(small_floor.indicators["failed"], small_floor.now, 4100.0)])
    with qtbot.waitSignal(indicators.updated, timeout=2000):
        ctx.hub.dispatch(changes_since(db, seq))
    model = indicators.model
    failed = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data(KeyRole) == "ato.failed_logins"
    )
    assert model.index(failed, 0).data(LevelRole) == "critical"
    row = indicators.proxy.mapFromSource(model.index(failed, 0)).row()
    level = INDICATOR_COLUMNS.index("level")
    assert _selected_cell_colour(indicators.table, row, level) == LEVEL_COLORS["critical"]


def test_a_silent_feed_is_an_alarm_with_its_time(qtbot, db, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.docks.indicators import IndicatorsDock
    from ui.format import STALE_INK
    from ui.models.indicators import COLUMNS as INDICATOR_COLUMNS
    from ui.models.indicators import LevelRole

    ctx = make_ctx(db, small_floor.now + timedelta(minutes=10))
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    model = dock.model
    last = model.series(0).last_ts
    assert last is not None
    assert model.index(0, 0).data(LevelRole) == "stale"
    level = model.index(0, INDICATOR_COLUMNS.index("level"))
    assert level.data() == f"Silent since {datetime.fromtimestamp(last, ctx.clock.tz):%H:%M}"
    assert level.data(BadgeRole) == LEVEL_COLORS["stale"]
    value = model.index(0, INDICATOR_COLUMNS.index("value"))
    assert value.data(Qt.ItemDataRole.ForegroundRole).color() == STALE_INK
