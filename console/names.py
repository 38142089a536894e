"""Names in more than one language: a row's own ``name`` is English, translations live beside it.

Zones, departments and risk indicators are named by people (on the floor plan, in the indicator catalogue),
so their names are data, not strings in a Qt catalogue. Each has a ``<thing>_names`` table of
``(id, language, name)``; adding a language is adding rows. Reads carry all of a row's names as a small
tuple of ``(language, name)`` pairs, so the console can switch language without reading again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

# (language, name) pairs, e.g. (("zh_CN", "提现审核"),): hashable, so rows holding them stay frozen.
Names = tuple[tuple[str, str], ...]


def pick(names: Names | Mapping[str, str], language: str, default: str) -> str:
    """The name in ``language`` (``zh_CN``; a bare ``zh`` or another ``zh_*`` falls back to any Chinese
    name), else ``default`` (the row's own, English name)."""
    found = dict(names)
    if language in found:
        return found[language]
    base = language.split("_")[0]
    for lang, name in sorted(found.items()):
        if lang.split("_")[0] == base:
            return name
    return default


def as_names(names: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> Names:
    """A canonical, sorted tuple (empty names are dropped)."""
    items = names.items() if isinstance(names, Mapping) else (names or ())
    return tuple(sorted((lang, name) for lang, name in items if name))


def read_names(s: Session, table: Any, ids: Iterable[int]) -> dict[int, Names]:
    """Every translation of the given rows: ``{id: names}`` (rows without any get ``()``)."""
    wanted = list(ids)
    out: dict[int, list[tuple[str, str]]] = {i: [] for i in wanted}
    if wanted:
        rows = s.execute(
            select(table.owner_id, table.language, table.name).where(table.owner_id.in_(wanted))
        ).all()
        for owner, lang, name in rows:
            out[owner].append((lang, name))
    return {i: as_names(v) for i, v in out.items()}


def write_names(s: Session, table: Any, owner_id: int, names: Mapping[str, str] | Names | None) -> None:
    """Add the translations of a new row."""
    s.add_all(table(owner_id=owner_id, language=lang, name=name) for lang, name in as_names(names))
