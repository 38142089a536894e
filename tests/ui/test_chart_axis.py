"""The charts' time axis speaks floor time: ticks on whole local hours and minutes, HH:MM labels."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ui.docks.charts import FloorTimeAxis

MYT = ZoneInfo("Asia/Kuala_Lumpur")
IST = ZoneInfo("Asia/Kolkata")  # UTC+05:30: whole local hours are not whole UTC hours


def _local(ts: float, tz: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(ts, tz)


def test_six_hours_on_a_narrow_chart_tick_every_two_hours_of_floor_time(qapp) -> None:  # type: ignore[no-untyped-def]
    axis = FloorTimeAxis(MYT)
    end = datetime(2026, 11, 25, 21, 0, tzinfo=MYT).timestamp()
    levels = axis.tickValues(end - 6 * 3600, end, 273)
    (major, ticks), *minor = levels
    assert major == 7200
    assert [_local(t, MYT).strftime("%H:%M") for t in ticks] == ["16:00", "18:00", "20:00"]
    assert minor
    assert minor[0][0] == 3600
    assert axis.tickStrings(ticks, 1.0, major) == ["16:00", "18:00", "20:00"]


def test_ticks_fall_on_whole_local_hours_in_a_half_hour_zone(qapp) -> None:  # type: ignore[no-untyped-def]
    axis = FloorTimeAxis(IST)
    end = datetime(2026, 11, 25, 21, 0, tzinfo=IST).timestamp()
    (major, ticks), *_ = axis.tickValues(end - 6 * 3600, end, 600)
    assert major == 3600
    assert all(_local(t, IST).minute == 0 for t in ticks)
    assert len(ticks) == 7  # 15:00 .. 21:00, both ends included


def test_midnight_is_labelled_with_the_date(qapp) -> None:  # type: ignore[no-untyped-def]
    axis = FloorTimeAxis(MYT)
    midnight = datetime(2026, 11, 26, 0, 0, tzinfo=MYT).timestamp()
    assert axis.tickStrings([midnight - 3600, midnight], 1.0, 3600) == ["23:00", "11-26"]


def test_no_ticks_for_an_empty_range(qapp) -> None:  # type: ignore[no-untyped-def]
    assert FloorTimeAxis(MYT).tickValues(100.0, 100.0, 300) == []


@pytest.mark.parametrize(
    ("values", "step", "unit", "expected"),
    [
        ((0, 5e6, 1e7, 1.5e7), 5e6, "USD/min", ["0", "5M", "10M", "15M"]),  # was 0, 5e+06, 1e+07, 1.5e+07
        ((1000, 1500, 2000), 500, "count/min", ["1.0k", "1.5k", "2.0k"]),
        ((50, 100, 150), 50, "count/h", ["50", "100", "150"]),
        ((80, 82.5, 85), 2.5, "%", ["80.0%", "82.5%", "85.0%"]),
        ((1, 1.5, 2), 0.5, "s", ["1.0", "1.5", "2.0"]),
        ((2.5e9, 3e9), 5e8, "USD/min", ["2.5B", "3.0B"]),
    ],
)
def test_the_value_axis_reads_like_a_person_writes(
    qapp, values: tuple[float, ...], step: float, unit: str, expected: list[str]
) -> None:  # type: ignore[no-untyped-def]
    from ui.docks.charts import ValueAxis

    axis = ValueAxis(unit)
    assert axis.tickStrings(list(values), 1.0, step) == expected
    assert not axis.autoSIPrefix  # no "(x1e+06)" beside the axis


def test_ninety_days_tick_on_mondays_and_say_the_date(qapp) -> None:  # type: ignore[no-untyped-def]
    axis = FloorTimeAxis(MYT)
    end = datetime(2026, 12, 6, 21, 0, tzinfo=MYT).timestamp()
    (major, ticks), *_ = axis.tickValues(end - 90 * 86400, end, 600)
    assert major in (7 * 86400, 14 * 86400)
    local = [_local(t, MYT) for t in ticks]
    assert all((d.weekday(), d.hour, d.minute) == (0, 0, 0) for d in local)  # Mondays at midnight, floor time
    labels = axis.tickStrings(ticks, 1.0, major)
    assert labels == [d.strftime("%m-%d") for d in local]


def test_a_week_ticks_at_local_midnights(qapp) -> None:  # type: ignore[no-untyped-def]
    axis = FloorTimeAxis(MYT)
    end = datetime(2026, 12, 6, 21, 0, tzinfo=MYT).timestamp()
    (major, ticks), *_ = axis.tickValues(end - 7 * 86400, end, 600)
    assert major == 86400
    assert [_local(t, MYT).strftime("%d %H:%M") for t in ticks][:2] == ["30 00:00", "01 00:00"]
    assert axis.tickStrings(ticks[:2], 1.0, major) == ["11-30", "12-01"]
