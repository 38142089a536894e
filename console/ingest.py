"""``watchfloor ingest``: indicator samples from CSV or JSON Lines, checked line by line, stored all or
nothing.

A file is ``indicator,timestamp,value`` (CSV with that header; the columns in any order) or JSON Lines of
objects with those fields. ``indicator`` is the indicator's key (``ato.failed_logins``); ``timestamp`` is
ISO 8601 with a zone (``2026-11-25T14:03:00+08:00``, ``…Z``) or Unix seconds; ``value`` a finite number.

**Dimensions.** A sample may be split by up to four dimensions (region, channel, …: :mod:`console.dims`).
In CSV every column beyond the three is a dimension named by its header (``indicator,timestamp,value,region,
channel``); an empty cell means the line has no value for that dimension. In JSON Lines a ``dims`` object
(``"dims": {"region": "MY"}``) and any key beyond the three are dimensions; ``null`` or ``""`` means none.
Names are lower-case letters, digits and ``_`` (header and keys are read in lower case); values are text (or
whole numbers) of at most 64 characters without ``;`` or ``=``. A line with dimensions is a sample of that
breakdown series (``indicator_breakdown``); a line without any is the indicator's headline series
(``indicator_samples``), as before. A bad name is refused on the header's line, a bad value on its own.

Every problem is found before anything is written, each with its line number; one bad line (the first or the
100,001st) and nothing is imported. Re-importing a file is harmless: a sample already stored for the same
indicator, moment and dimensions is left as it is and counted as already there
(:func:`console.services.indicators.ingest_rows`, :func:`console.services.indicators.ingest_dimensioned`).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from console import dims as dimensions
from console.errors import WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP, translate

FIELDS = ("indicator", "timestamp", "value")
MAX_REPORTED = 20  # problems listed in the message; the count says how many there were

# Why a line is refused (context "Ingest"), each with its own fields.
WRONG_COLUMNS = QT_TRANSLATE_NOOP("Ingest", "expected {expected} columns, found {found}")
UNKNOWN_INDICATOR = QT_TRANSLATE_NOOP("Ingest", "unknown indicator “{key}”")
NOT_A_NUMBER = QT_TRANSLATE_NOOP("Ingest", "“{text}” is not a number")
NOT_FINITE = QT_TRANSLATE_NOOP("Ingest", "the value {text} is not a finite number")
NOT_A_TIME = QT_TRANSLATE_NOOP(
    "Ingest", "“{text}” is not a timestamp (ISO 8601 with a zone, or Unix seconds)"
)
NO_ZONE = QT_TRANSLATE_NOOP("Ingest", "the timestamp “{text}” has no time zone")
NOT_UTF8 = QT_TRANSLATE_NOOP("Ingest", "the line is not UTF-8 text")
NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Ingest", "the line is not a JSON object")
BAD_JSON = QT_TRANSLATE_NOOP("Ingest", "the line is not valid JSON ({detail})")
BAD_CSV = QT_TRANSLATE_NOOP("Ingest", "the line is not valid CSV ({detail})")
MISSING = QT_TRANSLATE_NOOP("Ingest", "“{name}” is missing")
BAD_HEADER = QT_TRANSLATE_NOOP("Ingest", "the header must name the columns indicator, timestamp and value")
BAD_DIM_NAME = QT_TRANSLATE_NOOP(
    "Ingest",
    "“{name}” is not a dimension name (lower-case letters, digits and _, starting with a letter, at most 32; "
    "not indicator, timestamp, value or dims)",
)
BAD_DIM_VALUE = QT_TRANSLATE_NOOP(
    "Ingest",
    "the dimension {name} has the value “{text}”: a value is text of at most 64 characters without ; or =",
)
TOO_MANY_DIMS = QT_TRANSLATE_NOOP("Ingest", "at most {limit} dimensions ({count} given)")
DIM_TWICE = QT_TRANSLATE_NOOP("Ingest", "the dimension “{name}” is given twice")
COLUMN_TWICE = QT_TRANSLATE_NOOP("Ingest", "the column “{name}” appears twice in the header")
DIMS_NOT_OBJECT = QT_TRANSLATE_NOOP("Ingest", "“dims” must be an object of dimension names and values")
EMPTY = QT_TRANSLATE_NOOP("Ingest", "there are no samples")


@dataclass(frozen=True)
class Problem:
    line: int
    text: str  # one of the marked reasons above
    fields: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        return translate("Ingest", "line {line}: {reason}").format(
            line=self.line, reason=translate("Ingest", self.text).format(**self.fields)
        )


QT_TRANSLATE_NOOP("Ingest", "line {line}: {reason}")


class BadSamples(WatchfloorError):
    """The file had problems: nothing was imported. Lists the first :data:`MAX_REPORTED` by line."""

    text = QT_TRANSLATE_NOOP("Errors", "{source}: {count} problem(s), nothing was imported.\n{problems}")

    def __init__(self, *, source: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(source=source, count=len(problems), problems=self._lines(english=True))

    def _lines(self, *, english: bool) -> str:
        shown = self.problems[:MAX_REPORTED]
        lines = [f"line {p.line}: {p.text.format(**p.fields)}" if english else p.message() for p in shown]
        more = len(self.problems) - len(shown)
        if more > 0:
            lines.append(
                f"… and {more} more"
                if english
                else translate("Ingest", "… and {count} more").format(count=more)
            )
        return "\n".join(lines)

    def message(self) -> str:
        return translate("Errors", self.text).format(
            source=self.fields["source"], count=len(self.problems), problems=self._lines(english=False)
        )


QT_TRANSLATE_NOOP("Ingest", "… and {count} more")


@dataclass
class Parsed:
    """The samples of a file, column by column (indicator ids, UTC microseconds since the Unix epoch,
    values, dimensions as canonical text: ``""`` for the headline series), ready for a bulk write;
    ``problems`` empty when the file may be imported."""

    ids: list[int] = field(default_factory=list)
    micros: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    dims: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines: int = 0

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def dimensioned(self) -> bool:
        """Whether any sample has dimensions."""
        return any(self.dims)


def _lines(stream: BinaryIO) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line; ``None`` for a line that is not UTF-8. A BOM is forgiven."""
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            yield number, None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_moment(text: str) -> int | str:
    """UTC microseconds since the Unix epoch, or the reason (a marked string) it is not a moment."""
    text = text.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(seconds) or not 0 <= seconds < 32503680000:  # before year 3000
            return NOT_A_TIME
        return round(seconds * 1_000_000)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return NOT_A_TIME
    if moment.tzinfo is None:
        return NO_ZONE
    return (moment - _EPOCH) // _MICRO


_MICRO = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - _EPOCH


def _value(text: Any) -> float | Problem | str:
    if isinstance(text, bool):
        return NOT_A_NUMBER
    if isinstance(text, int | float):
        value = float(text)
    else:
        try:
            value = float(str(text).strip())
        except ValueError:
            return NOT_A_NUMBER
    return value if math.isfinite(value) else NOT_FINITE


def _sample(
    out: Parsed, number: int, key: Any, stamp: Any, raw_value: Any, known: dict[str, int], dims: str = ""
) -> None:
    ind = known.get(str(key).strip()) if key is not None else None
    if ind is None:
        out.problems.append(Problem(number, UNKNOWN_INDICATOR, {"key": key}))
        return
    moment = parse_moment(str(stamp)) if stamp is not None else NOT_A_TIME
    if isinstance(moment, str):
        out.problems.append(Problem(number, moment, {"text": stamp}))
        return
    value = _value(raw_value)
    if isinstance(value, str):
        out.problems.append(Problem(number, value, {"text": raw_value}))
        return
    out.ids.append(ind)
    out.micros.append(moment)
    out.values.append(value)  # type: ignore[arg-type]
    out.dims.append(dims)


def _dim_value(raw: Any) -> tuple[bool, str]:
    """(valid, the value as stored): ``""`` when absent (null, an empty cell)."""
    if raw is None:
        return True, ""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return False, ""
    text = str(raw).strip()
    return (not text or dimensions.valid_value(text)), text


def _dims_of_cells(out: Parsed, number: int, columns: list[tuple[str, int]], cells: list[str]) -> str | None:
    """The canonical dimensions of a CSV line, or ``None`` after noting why they are refused."""
    pairs = []
    for name, index in columns:
        ok, value = _dim_value(cells[index])
        if not ok:
            out.problems.append(Problem(number, BAD_DIM_VALUE, {"name": name, "text": cells[index]}))
            return None
        if value:
            pairs.append((name, value))
    return dimensions.canonical(pairs)


def _header_problem(number: int, names: list[str]) -> Problem | None:
    """Why a CSV header is refused, or ``None``: the three fields, then dimension columns."""
    if not set(FIELDS) <= set(names):
        return Problem(number, BAD_HEADER)
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice is not None:
        return Problem(number, COLUMN_TWICE, {"name": twice})
    extra = [n for n in names if n not in FIELDS]
    bad = next((n for n in extra if not dimensions.valid_name(n)), None)
    if bad is not None:
        return Problem(number, BAD_DIM_NAME, {"name": bad})
    if len(extra) > dimensions.MAX_DIMS:
        return Problem(number, TOO_MANY_DIMS, {"limit": dimensions.MAX_DIMS, "count": len(extra)})
    return None


def parse_csv(stream: BinaryIO, known: dict[str, int]) -> Parsed:
    """A CSV with a header naming ``indicator``, ``timestamp`` and ``value`` (any order, case ignored), and
    any dimension columns after or between them."""
    out = Parsed()
    columns: dict[str, int] | None = None
    dim_columns: list[tuple[str, int]] = []
    seen_dims: dict[tuple[str, ...], str] = {}
    width = 0
    for number, text in _lines(stream):
        out.lines = number
        if text is None:
            out.problems.append(Problem(number, NOT_UTF8))
            continue
        if not text.strip():
            continue
        try:
            # A line without quotes (nearly every line of a feed's export) splits as the csv module would
            # split it; a reader per line cost more than the rest of the line's checks together.
            plain = '"' not in text and "\r" not in text and "\x00" not in text
            cells = text.split(",") if plain else next(csv.reader(io.StringIO(text)), [])
        except csv.Error as exc:  # e.g. a carriage return inside the line
            out.problems.append(Problem(number, BAD_CSV, {"detail": str(exc)}))
            if columns is None:
                return out
            continue
        if columns is None:
            names = [c.strip().lower() for c in cells]
            problem = _header_problem(number, names)
            if problem is not None:
                out.problems.append(problem)
                return out
            columns = {n: names.index(n) for n in FIELDS}
            dim_columns = [(n, i) for i, n in enumerate(names) if n not in FIELDS]
            width = len(names)
            continue
        if len(cells) != width:
            out.problems.append(Problem(number, WRONG_COLUMNS, {"expected": width, "found": len(cells)}))
            continue
        dims = ""
        if dim_columns:  # a file repeats a few combinations: each is checked and made canonical once
            raw_dims = tuple(cells[i] for _, i in dim_columns)
            cached = seen_dims.get(raw_dims)
            if cached is None:
                cached = _dims_of_cells(out, number, dim_columns, cells)
                if cached is None:
                    continue
                seen_dims[raw_dims] = cached
            dims = cached
        _sample(
            out,
            number,
            cells[columns["indicator"]],
            cells[columns["timestamp"]],
            cells[columns["value"]],
            known,
            dims,
        )
    if columns is None and not out.problems:
        out.problems.append(Problem(max(out.lines, 1), BAD_HEADER))
    elif not out.ids and not out.problems:
        out.problems.append(Problem(max(out.lines, 1), EMPTY))
    return out


def _dims_of_object(out: Parsed, number: int, obj: dict[str, Any]) -> str | None:
    """The canonical dimensions of a JSON line (its ``dims`` object and keys beyond the three), or ``None``
    after noting why they are refused."""
    given = obj.get("dims")
    if given is not None and not isinstance(given, dict):
        out.problems.append(Problem(number, DIMS_NOT_OBJECT))
        return None
    items = [(k, v) for k, v in obj.items() if k not in FIELDS and k != "dims"] + list((given or {}).items())
    if not items:
        return ""
    pairs: dict[str, str] = {}
    seen: set[str] = set()
    for raw_name, raw_value in items:
        name = str(raw_name).strip().lower()
        if not dimensions.valid_name(name):
            out.problems.append(Problem(number, BAD_DIM_NAME, {"name": raw_name}))
            return None
        if name in seen:
            out.problems.append(Problem(number, DIM_TWICE, {"name": name}))
            return None
        seen.add(name)
        ok, value = _dim_value(raw_value)
        if not ok:
            out.problems.append(Problem(number, BAD_DIM_VALUE, {"name": name, "text": raw_value}))
            return None
        if value:
            pairs[name] = value
    if len(pairs) > dimensions.MAX_DIMS:
        too_many = {"limit": dimensions.MAX_DIMS, "count": len(pairs)}
        out.problems.append(Problem(number, TOO_MANY_DIMS, too_many))
        return None
    return dimensions.canonical(pairs.items())


def parse_jsonl(stream: BinaryIO, known: dict[str, int]) -> Parsed:
    """JSON Lines: one object per line with ``indicator``, ``timestamp`` and ``value``, and dimensions in a
    ``dims`` object or as further keys."""
    out = Parsed()
    for number, text in _lines(stream):
        out.lines = number
        if text is None:
            out.problems.append(Problem(number, NOT_UTF8))
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            out.problems.append(Problem(number, BAD_JSON, {"detail": exc.msg}))
            continue
        if not isinstance(obj, dict):
            out.problems.append(Problem(number, NOT_AN_OBJECT))
            continue
        missing = [n for n in FIELDS if n not in obj]
        if missing:
            out.problems.append(Problem(number, MISSING, {"name": missing[0]}))
            continue
        dims = _dims_of_object(out, number, obj)
        if dims is None:
            continue
        _sample(out, number, obj["indicator"], obj["timestamp"], obj["value"], known, dims)
    if not out.ids and not out.problems:
        out.problems.append(Problem(max(out.lines, 1), EMPTY))
    return out


def sniff(head: bytes) -> str:
    """``jsonl`` when the first non-blank character opens an object, else ``csv``."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if stripped.startswith(b"{") else "csv"


def parse(stream: BinaryIO, known: dict[str, int], fmt: str | None = None) -> Parsed:
    if fmt is None:
        peek = getattr(stream, "peek", None)
        fmt = sniff(peek(256)[:256] if peek else b"")
    return parse_jsonl(stream, known) if fmt == "jsonl" else parse_csv(stream, known)


def checked(parsed: Parsed, source: str) -> Parsed:
    """``parsed``, or :class:`BadSamples` when any line had a problem."""
    if parsed.problems:
        raise BadSamples(source=source, problems=parsed.problems)
    return parsed


def rows(parsed: Parsed) -> Iterable[tuple[int, int, float]]:
    return zip(parsed.ids, parsed.micros, parsed.values, strict=True)
