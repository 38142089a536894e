"""NAB-format corpora read and checked: the series (``<category>/<name>.csv`` with ``timestamp,value``), the
labelled anomaly windows (``combined_windows.json``) and the rows each window covers.

Everything is read and checked before anything is run or written: a malformed CSV is refused naming each
problem by its line, a windows file that is not JSON names the line and column where it stops making sense,
and a CSV without an entry in the windows file is refused by name (scoring it as "no anomaly" would be a
silent guess).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from console.errors import WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP, translate

CTX = "Anomaly"
MAX_REPORTED = 20  # problems listed in a message; the count says how many there were

# Why a CSV line is refused (context "Anomaly").
BAD_HEADER = QT_TRANSLATE_NOOP("Anomaly", "the header must be “timestamp,value”, found “{found}”")
WRONG_COLUMNS = QT_TRANSLATE_NOOP("Anomaly", "expected 2 columns, found {found}")
NOT_A_TIME = QT_TRANSLATE_NOOP("Anomaly", "“{text}” is not a timestamp (YYYY-MM-DD HH:MM:SS)")
NOT_A_NUMBER = QT_TRANSLATE_NOOP("Anomaly", "“{text}” is not a number")
NOT_FINITE = QT_TRANSLATE_NOOP("Anomaly", "the value {text} is not a finite number")
NOT_UTF8 = QT_TRANSLATE_NOOP("Anomaly", "the line is not UTF-8 text")
NO_ROWS = QT_TRANSLATE_NOOP("Anomaly", "there are no rows")
LINE = QT_TRANSLATE_NOOP("Anomaly", "line {line}: {reason}")
MORE = QT_TRANSLATE_NOOP("Anomaly", "… and {count} more")


@dataclass(frozen=True)
class Problem:
    line: int
    text: str  # one of the marked reasons above
    fields: Mapping[str, object]

    def message(self, *, english: bool = False) -> str:
        if english:
            return f"line {self.line}: {self.text.format(**self.fields)}"
        reason = translate(CTX, self.text).format(**self.fields)
        return translate(CTX, LINE).format(line=self.line, reason=reason)


class BadSeries(WatchfloorError):
    """A data CSV with problems: nothing was run or written. Lists the first :data:`MAX_REPORTED` by line."""

    text = QT_TRANSLATE_NOOP("Errors", "{file}: {count} problem(s), nothing was written.\n{problems}")

    def __init__(self, *, file: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(file=file, count=len(problems), problems=self._lines(english=True))

    def _lines(self, *, english: bool) -> str:
        shown = [p.message(english=english) for p in self.problems[:MAX_REPORTED]]
        more = len(self.problems) - MAX_REPORTED
        if more > 0:
            shown.append(MORE.format(count=more) if english else translate(CTX, MORE).format(count=more))
        return "\n".join(shown)

    def message(self) -> str:
        return translate("Errors", self.text).format(
            file=self.fields["file"], count=len(self.problems), problems=self._lines(english=False)
        )


class NoDataDir(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{path}: no such directory.")


class NoSeries(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{path}: no CSV file under it.")


class BadWindows(WatchfloorError):
    """The windows file is missing, not JSON, or not shaped like NAB's ``combined_windows.json``."""

    text = QT_TRANSLATE_NOOP("Errors", "{path}: {detail}")

    def message(self) -> str:
        detail = translate(CTX, self.fields["detail"]).format(**self.fields.get("detail_fields", {}))
        return translate("Errors", self.text).format(path=self.fields["path"], detail=detail)

    def english(self) -> str:
        detail = str(self.fields["detail"]).format(**self.fields.get("detail_fields", {}))
        return self.text.format(path=self.fields["path"], detail=detail)


NO_FILE = QT_TRANSLATE_NOOP("Anomaly", "no such file")
NOT_JSON = QT_TRANSLATE_NOOP("Anomaly", "not JSON (line {line}, column {column}: {reason})")
NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Anomaly", "expected a JSON object of “<category>/<file>.csv”: windows")
NOT_A_LIST = QT_TRANSLATE_NOOP("Anomaly", "“{key}”: expected a list of [start, end] pairs")
BAD_WINDOW_TIME = QT_TRANSLATE_NOOP("Anomaly", "“{key}”, window {n}: “{text}” is not a timestamp")
START_AFTER_END = QT_TRANSLATE_NOOP("Anomaly", "“{key}”, window {n}: it starts after it ends")
OVERLAP = QT_TRANSLATE_NOOP("Anomaly", "“{key}”, window {n}: it overlaps the window before it")
NO_ROW = QT_TRANSLATE_NOOP("Anomaly", "“{key}”, window {n}: it covers no row of the file")


class Unlisted(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{file} is not listed in {windows}: its anomaly windows are unknown.")


@dataclass(frozen=True)
class Series:
    """One data file: its key (``category/name.csv``, as in the windows file), the timestamps as written and
    as Unix seconds (a timestamp without a zone is taken as UTC), and the values."""

    key: str
    stamps: tuple[str, ...]
    seconds: npt.NDArray[np.float64]
    values: npt.NDArray[np.float64]

    @property
    def category(self) -> str:
        return self.key.rpartition("/")[0]

    @property
    def name(self) -> str:
        return self.key.rpartition("/")[2]

    def __len__(self) -> int:
        return len(self.stamps)


@dataclass(frozen=True)
class Labelled:
    """A series with its anomaly windows as row ranges ``(first, last)``, both inclusive, in file order."""

    series: Series
    windows: tuple[tuple[int, int], ...]

    def labels(self) -> npt.NDArray[np.int8]:
        """1 for a row inside a labelled window, 0 elsewhere (the probationary rows included)."""
        out = np.zeros(len(self.series), dtype=np.int8)
        for first, last in self.windows:
            out[first : last + 1] = 1
        return out


def _seconds(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def parse_series(key: str, raw: bytes) -> Series:
    """The series in ``raw`` (a NAB CSV), or :class:`BadSeries` naming every problem by its line."""
    problems: list[Problem] = []
    stamps: list[str] = []
    seconds: list[float] = []
    values: list[float] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for number, blob in enumerate(lines, start=1):
        try:
            text = blob.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            problems.append(Problem(number, NOT_UTF8, {}))
            continue
        cells = next(csv.reader(io.StringIO(text)), []) if '"' in text else text.split(",")
        if number == 1:
            if [c.strip().lower() for c in cells] != ["timestamp", "value"]:
                problems.append(Problem(number, BAD_HEADER, {"found": text[:60]}))
            continue
        if not text.strip():
            continue
        if len(cells) != 2:
            problems.append(Problem(number, WRONG_COLUMNS, {"found": len(cells)}))
            continue
        moment = _seconds(cells[0])
        if moment is None:
            problems.append(Problem(number, NOT_A_TIME, {"text": cells[0][:40]}))
            continue
        try:
            value = float(cells[1])
        except ValueError:
            problems.append(Problem(number, NOT_A_NUMBER, {"text": cells[1][:40]}))
            continue
        if not math.isfinite(value):
            problems.append(Problem(number, NOT_FINITE, {"text": cells[1][:40]}))
            continue
        stamps.append(cells[0].strip())
        seconds.append(moment)
        values.append(value)
    if not lines:
        problems.append(Problem(1, BAD_HEADER, {"found": ""}))
    elif not problems and not values:
        problems.append(Problem(len(lines), NO_ROWS, {}))
    if problems:
        raise BadSeries(file=key, problems=problems)
    return Series(key, tuple(stamps), np.asarray(seconds, dtype=np.float64), np.asarray(values, np.float64))


def find_series(data_dir: Path) -> list[tuple[str, Path]]:
    """Every ``*.csv`` under ``data_dir`` (any depth) with its key, the path relative to it with ``/``."""
    if not data_dir.is_dir():
        raise NoDataDir(path=str(data_dir))
    found = sorted((p.relative_to(data_dir).as_posix(), p) for p in data_dir.rglob("*.csv") if p.is_file())
    if not found:
        raise NoSeries(path=str(data_dir))
    return found


def read_windows(path: Path) -> dict[str, list[tuple[float, float]]]:
    """NAB's ``combined_windows.json``: each file's windows as Unix seconds, sorted, not overlapping."""

    def bad(detail: str, **fields: object) -> BadWindows:
        return BadWindows(path=str(path), detail=detail, detail_fields=fields)

    if not path.is_file():
        raise bad(NO_FILE)
    try:
        doc = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise bad(NOT_JSON, line=exc.lineno, column=exc.colno, reason=exc.msg) from exc
    if not isinstance(doc, dict):
        raise bad(NOT_AN_OBJECT)
    out: dict[str, list[tuple[float, float]]] = {}
    for key, windows in doc.items():
        if not isinstance(windows, list):
            raise bad(NOT_A_LIST, key=key)
        limits: list[tuple[float, float]] = []
        for n, pair in enumerate(windows, start=1):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise bad(NOT_A_LIST, key=key)
            ends = []
            for text in pair:
                moment = _seconds(text) if isinstance(text, str) else None
                if moment is None:
                    raise bad(BAD_WINDOW_TIME, key=key, n=n, text=str(text)[:40])
                ends.append(moment)
            if ends[0] > ends[1]:
                raise bad(START_AFTER_END, key=key, n=n)
            limits.append((ends[0], ends[1]))
        limits.sort()
        for n in range(1, len(limits)):
            if limits[n][0] <= limits[n - 1][1]:
                raise bad(OVERLAP, key=key, n=n + 1)
        out[key] = limits
    return out


def label(series: Series, limits: Sequence[tuple[float, float]], windows_path: Path) -> Labelled:
    """The rows each window covers: from its first row at or after the start to the row at its end (NAB's
    labeller puts both ends on rows, and NAB finds them by equality; an end between rows is accepted too).
    Real NAB files have a few repeated or backward timestamps, so rows are walked in file order, not searched
    as sorted."""
    rows = []
    t = series.seconds
    for n, (start, end) in enumerate(limits, start=1):
        after = np.flatnonzero(t >= start)
        first = int(after[0]) if len(after) else len(t)
        later = t[first:]
        exact = np.flatnonzero(later == end)
        past = np.flatnonzero(later > end)
        if len(exact):
            last = first + int(exact[0])
        else:
            last = first + (int(past[0]) if len(past) else len(later)) - 1
        if first >= len(t) or last < first:
            raise BadWindows(path=str(windows_path), detail=NO_ROW, detail_fields={"key": series.key, "n": n})
        rows.append((first, last))
    return Labelled(series, tuple(rows))


def load_corpus(data_dir: Path, windows_path: Path) -> list[Labelled]:
    """Every series under ``data_dir`` with its windows from ``windows_path``, all checked first."""
    found = find_series(data_dir)
    windows = read_windows(windows_path)
    missing = [key for key, _ in found if key not in windows]
    if missing:
        raise Unlisted(file=missing[0], windows=str(windows_path))
    return [label(parse_series(key, path.read_bytes()), windows[key], windows_path) for key, path in found]
