"""The indicator catalogue's vocabulary and rules: the floor's areas, the SOP an indicator links to, and what
makes a definition valid.

One check (:func:`check`) serves the service, which runs it inside its transaction against the departments
in the database, and the command line and the dialog, which run it before they submit, so a person sees the
same words wherever they edit. Every refusal names the indicator and what is wrong, translated
(context ``Errors``; the names of fields in context ``Catalogue``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from console.errors import Conflict, NotFound, WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.names import Names, as_names

# The parts of the floor's work an indicator belongs to; the indicators dock groups its charts by them.
AREAS: dict[str, str] = {
    "ato": QT_TRANSLATE_NOOP("Area", "Account takeover"),
    "withdrawals": QT_TRANSLATE_NOOP("Area", "Withdrawals"),
    "fiat_p2p": QT_TRANSLATE_NOOP("Area", "Fiat & P2P"),
    "kyc": QT_TRANSLATE_NOOP("Area", "KYC"),
    "aml": QT_TRANSLATE_NOOP("Area", "AML"),
    "ops": QT_TRANSLATE_NOOP("Area", "Operations"),
    "other": QT_TRANSLATE_NOOP("Area", "Other"),
}
# A new indicator's area when none is given, from its key's prefix (migration 0009 backfilled the same way).
AREA_OF_PREFIX = {
    "ato": "ato",
    "api": "ato",  # API keys made after a takeover: the ATO desk watches them
    "wd": "withdrawals",
    "fiat": "fiat_p2p",
    "p2p": "fiat_p2p",
    "kyc": "kyc",
    "aml": "aml",
    "ops": "ops",
}
DIRECTIONS: dict[str, str] = {
    "higher": QT_TRANSLATE_NOOP("Catalogue", "higher is worse"),
    "lower": QT_TRANSLATE_NOOP("Catalogue", "lower is worse"),
}
KEY = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")
LIMITS = {"key": 48, "name": 80, "unit": 24, "sop": 300}
MAX_INTERVAL_S = 86_400

# What a refusal names (context "Catalogue").
FIELD_NAME = QT_TRANSLATE_NOOP("Catalogue", "the English name")
FIELD_TRANSLATION = QT_TRANSLATE_NOOP("Catalogue", "the Chinese name")
FIELD_UNIT = QT_TRANSLATE_NOOP("Catalogue", "the unit")
FIELD_SOP = QT_TRANSLATE_NOOP("Catalogue", "the SOP")
FIELD_WARNING = QT_TRANSLATE_NOOP("Catalogue", "warning")
FIELD_CRITICAL = QT_TRANSLATE_NOOP("Catalogue", "critical")

# Why a definition is refused (context "Errors").
THRESHOLDS_HIGHER = QT_TRANSLATE_NOOP(
    "Errors",
    "{key}: higher is worse, so the critical threshold ({critical}) must be above the warning threshold "
    "({warning}).",
)
THRESHOLDS_LOWER = QT_TRANSLATE_NOOP(
    "Errors",
    "{key}: lower is worse, so the critical threshold ({critical}) must be below the warning threshold "
    "({warning}).",
)
NOT_A_THRESHOLD = QT_TRANSLATE_NOOP("Errors", "{key}: the {field} threshold “{value}” is not a number.")
EMPTY = QT_TRANSLATE_NOOP("Errors", "{key}: {field} cannot be empty.")
TOO_LONG = QT_TRANSLATE_NOOP("Errors", "{key}: {field} holds at most {limit} characters ({length} given).")
BAD_INTERVAL = QT_TRANSLATE_NOOP(
    "Errors", "{key}: the sampling interval is a whole number of seconds from 1 to 86400 ({value} given)."
)
BAD_DIRECTION = QT_TRANSLATE_NOOP(
    "Errors", "{key}: the direction is “higher” or “lower” (which way is worse), not “{value}”."
)
UNKNOWN_AREA = QT_TRANSLATE_NOOP("Errors", "{key}: “{value}” is not an area; the areas are {areas}.")
BAD_SOP = QT_TRANSLATE_NOOP(
    "Errors", "{key}: the SOP “{value}” is neither a runbook ({runbooks}) nor an http(s) address."
)
BAD_KEY = QT_TRANSLATE_NOOP(
    "Errors",
    "“{key}” is not an indicator key: two or more parts of lower-case letters, digits and _ joined by dots, "
    "like ato.failed_logins, at most 48 characters.",
)
KEY_TAKEN = QT_TRANSLATE_NOOP("Errors", "There is already an indicator {key}.")


class BadDefinition(WatchfloorError):
    """An indicator definition that does not hold what it must; ``text`` is one of the reasons above."""

    translated_fields = {"field": "Catalogue"}


class IndicatorConflict(Conflict):
    """Someone saved the indicator since this form (or command) read it."""

    text = QT_TRANSLATE_NOOP(
        "Errors", "The indicator {key} was changed by someone else; read it again and try again."
    )
    text_who = QT_TRANSLATE_NOOP(
        "Errors", "The indicator {key} was just changed by {who}: look at it again before you save."
    )


class CatalogueChanged(Conflict):
    """A new order was asked for a list of indicators that is no longer the catalogue's."""

    text = QT_TRANSLATE_NOOP(
        "Errors", "Indicators were added or removed meanwhile: read the catalogue again, then reorder it."
    )


@dataclass(frozen=True)
class Definition:
    """What the catalogue holds of an indicator and a person may change: the English ``name`` and its
    translations (``names``: ``(("zh_CN", "登录失败次数"),)``), the unit, which way is worse, the thresholds,
    the sampling interval, the owning department's code, the area and the SOP (runbook key, URL or "")."""

    name: str
    names: Names
    unit: str
    direction: str
    warning: float
    critical: float
    interval_seconds: int
    department: str
    area: str
    sop: str = ""


EDITABLE = tuple(Definition.__dataclass_fields__)


def area_of_key(key: str) -> str:
    return AREA_OF_PREFIX.get(key.split(".", 1)[0], "other")


def area_title(area: str) -> str:
    """The area as people read it, translated."""
    return translate("Area", AREAS.get(area, area))


def direction_title(direction: str) -> str:
    return translate("Catalogue", DIRECTIONS.get(direction, direction))


def number(value: float) -> str:
    """A threshold as a person writes it: ``1500``, ``82.5``, ``0.001``."""
    return f"{value:,.10g}" if abs(value) >= 10_000 else f"{value:.10g}"


@functools.cache
def runbook_keys() -> tuple[str, ...]:
    """The runbooks an SOP may name (console/runbooks/<key>.md)."""
    from console.services.runbooks import RUNBOOK_DIR, runbook

    return tuple(sorted(p.stem for p in RUNBOOK_DIR.glob("*.md") if runbook(p.stem) is not None))


def sop_is_url(sop: str) -> bool:
    parts = urlsplit(sop)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", sop)


def check_key(key: str) -> str:
    key = key.strip()
    if len(key) > LIMITS["key"] or not KEY.fullmatch(key):
        raise BadDefinition(BAD_KEY, key=key)
    return key


def check(key: str, d: Definition, departments: Collection[str]) -> Definition:
    """``d`` tidied (text stripped, empty translations dropped), or :class:`BadDefinition` naming the first
    thing wrong; an unknown department is :class:`~console.errors.NotFound`."""
    name, unit, sop = d.name.strip(), d.unit.strip(), d.sop.strip()
    names = as_names((lang, text.strip()) for lang, text in d.names)
    for field, text, limit in (
        (FIELD_NAME, name, LIMITS["name"]),
        (FIELD_UNIT, unit, LIMITS["unit"]),
        *((FIELD_TRANSLATION, text, LIMITS["name"]) for _, text in names),
        (FIELD_SOP, sop, LIMITS["sop"]),
    ):
        if not text and field in (FIELD_NAME, FIELD_UNIT):
            raise BadDefinition(EMPTY, key=key, field=field)
        if len(text) > limit:
            raise BadDefinition(TOO_LONG, key=key, field=field, limit=limit, length=len(text))
    if d.direction not in DIRECTIONS:
        raise BadDefinition(BAD_DIRECTION, key=key, value=d.direction)
    warning = _threshold(key, FIELD_WARNING, d.warning)
    critical = _threshold(key, FIELD_CRITICAL, d.critical)
    if d.direction == "higher" and not critical > warning:
        raise BadDefinition(THRESHOLDS_HIGHER, key=key, critical=number(critical), warning=number(warning))
    if d.direction == "lower" and not critical < warning:
        raise BadDefinition(THRESHOLDS_LOWER, key=key, critical=number(critical), warning=number(warning))
    interval = d.interval_seconds
    if isinstance(interval, bool) or not isinstance(interval, int) or not 0 < interval <= MAX_INTERVAL_S:
        raise BadDefinition(BAD_INTERVAL, key=key, value=interval)
    if d.department not in departments:
        raise NotFound(what="Department", key=d.department)
    if d.area not in AREAS:
        raise BadDefinition(UNKNOWN_AREA, key=key, value=d.area, areas=", ".join(AREAS))
    if sop and sop not in runbook_keys() and not sop_is_url(sop):
        raise BadDefinition(BAD_SOP, key=key, value=sop, runbooks=", ".join(runbook_keys()))
    return replace(d, name=name, names=names, unit=unit, warning=warning, critical=critical, sop=sop)


def _threshold(key: str, field: str, value: Any) -> float:
    try:
        number_ = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number_ = math.nan
    if not math.isfinite(number_):
        raise BadDefinition(NOT_A_THRESHOLD, key=key, field=field, value=value)
    return number_


def changed(before: Definition, after: Definition) -> dict[str, tuple[Any, Any]]:
    """The fields that differ: ``{field: (before, after)}``, in the definition's order."""
    return {
        f: (getattr(before, f), getattr(after, f))
        for f in EDITABLE
        if getattr(before, f) != getattr(after, f)
    }
