"""Runbooks (处置手册 / SOP): one bilingual Markdown checklist per incident category, and the ticks on an
incident's checklist.

The checklists live in ``console/runbooks/<category>.md`` (packaged with the app: the wheel takes the whole
package, the PyInstaller spec lists the folder). Their format, also described in
``console/runbooks/README.md``::

    # Credential stuffing / ATO wave | 撞库 / 账户盗用（ATO）攻击潮
    ## Contain | 遏制
    - [ ] {block-sources} Block the attacking IP ranges at the edge | 在边缘网关封禁攻击来源 IP 段

* ``# English | 中文``: the runbook's title (one, first);
* ``## English | 中文``: a section (phase) heading; items belong to the section above them;
* ``- [ ] {key} English | 中文``: an item. ``key`` (lower-case letters, digits and ``-``, at most 64) is what
  a tick is stored under (``incident_checklist.item``): keep it when the wording changes, make a new key
  when the step changes meaning. Keys are unique within a runbook;
* anything else (blank lines, ``<!-- comments -->``, prose) is ignored.

A malformed item line is an error at load time (:class:`RunbookError`), which a test runs over every file, so
a broken runbook never reaches the floor. Ticks whose key is no longer in the runbook are kept in the
database but not counted.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import ChecklistMark, Incident
from console.errors import NoRunbookItem, NotFound
from console.floortime import utcnow
from console.names import pick
from console.services.incidents import CATEGORIES
from console.services.offline import reachable
from console.services.unit import unit_of_work

RUNBOOK_DIR = Path(__file__).resolve().parents[1] / "runbooks"
_TITLE = re.compile(r"#\s+(?P<en>[^|]+?)\s*\|\s*(?P<zh>.+?)\s*")
_SECTION = re.compile(r"##\s+(?P<en>[^|]+?)\s*\|\s*(?P<zh>.+?)\s*")
_ITEM = re.compile(
    r"-\s+\[[ xX]?\]\s+\{(?P<key>[a-z0-9][a-z0-9-]{0,63})\}\s+(?P<en>[^|]+?)\s*\|\s*(?P<zh>.+?)\s*"
)


class RunbookError(ValueError):
    """A runbook file that does not follow the format (a developer's error, caught by the tests)."""


@dataclass(frozen=True)
class Bilingual:
    en: str
    zh: str

    def text(self, language: str) -> str:
        return pick((("zh_CN", self.zh),), language, self.en)


@dataclass(frozen=True)
class RunbookItem:
    key: str
    section: Bilingual
    label: Bilingual


@dataclass(frozen=True)
class Runbook:
    category: str
    title: Bilingual
    items: tuple[RunbookItem, ...]

    def item_keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items)


@dataclass(frozen=True)
class ChecklistLine:
    """One item of an incident's checklist and its tick (``done_by``/``done_at`` when ticked)."""

    key: str
    section: Bilingual
    label: Bilingual
    done_by: str | None
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


def parse(text: str, category: str = "") -> Runbook:
    """A runbook from its Markdown (see the module's docstring for the format)."""
    title: Bilingual | None = None
    section = Bilingual("", "")
    items: list[RunbookItem] = []
    seen: set[str] = set()
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## "):
            m = _SECTION.fullmatch(line)
            if m is None:
                raise RunbookError(f"{category}:{n}: a section is '## English | 中文': {line!r}")
            section = Bilingual(m["en"], m["zh"])
        elif line.startswith("# "):
            m = _TITLE.fullmatch(line)
            if m is None or title is not None:
                raise RunbookError(f"{category}:{n}: one title, '# English | 中文': {line!r}")
            title = Bilingual(m["en"], m["zh"])
        elif line.startswith("- ["):
            m = _ITEM.fullmatch(line)
            if m is None:
                raise RunbookError(f"{category}:{n}: an item is '- [ ] {{key}} English | 中文': {line!r}")
            if m["key"] in seen:
                raise RunbookError(f"{category}:{n}: the key {m['key']!r} is used twice")
            seen.add(m["key"])
            items.append(RunbookItem(m["key"], section, Bilingual(m["en"], m["zh"])))
    if title is None or not items:
        raise RunbookError(f"{category}: a runbook needs a title and at least one item")
    return Runbook(category, title, tuple(items))


@functools.cache
def runbook(category: str) -> Runbook | None:
    """The runbook of an incident category, or ``None`` if it has none (read once per process)."""
    path = RUNBOOK_DIR / f"{category}.md"
    if not re.fullmatch(r"[a-z0-9_]+", category) or not path.is_file():
        return None
    return parse(path.read_text(encoding="utf-8"), category)


def checklist(s: Session, incident_id: int, category: str) -> tuple[ChecklistLine, ...]:
    """The incident's checklist: its category's runbook items with their ticks, in the runbook's order."""
    book = runbook(category)
    if book is None:
        return ()
    marks = {
        item: (by, at)
        for item, by, at in s.execute(
            select(ChecklistMark.item, ChecklistMark.done_by, ChecklistMark.done_at).where(
                ChecklistMark.incident_id == incident_id
            )
        )
    }
    return tuple(
        ChecklistLine(i.key, i.section, i.label, *marks.get(i.key, (None, None))) for i in book.items
    )


def progress(lines: tuple[ChecklistLine, ...]) -> tuple[int, int]:
    """(ticked, total) of a checklist: ``4/7``."""
    return sum(1 for line in lines if line.done), len(lines)


def tick(
    db: Database, actor: Actor, incident_id: int, item: str, done: bool = True, *, at: datetime | None = None
) -> bool:
    """Tick (``done``) or untick an item of the incident's checklist. Returns whether anything changed (a
    tick already there, or an untick of an item not ticked, changes nothing and is not audited)."""
    with reachable(db), unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        s = unit.session
        inc = s.get(Incident, incident_id)
        if inc is None:
            raise NotFound(what="Incident", key=incident_id)
        book = runbook(inc.category)
        if book is None or item not in book.item_keys():
            raise NoRunbookItem(category=_category_title(inc.category), item=item)
        mark = s.get(ChecklistMark, (incident_id, item))
        if done == (mark is not None):
            return False
        if done:
            s.add(
                ChecklistMark(
                    incident_id=incident_id, item=item, done_by=actor.username, done_at=at or utcnow()
                )
            )
        else:
            s.execute(
                delete(ChecklistMark).where(
                    ChecklistMark.incident_id == incident_id, ChecklistMark.item == item
                )
            )
        unit.audit(
            "runbook.tick" if done else "runbook.untick",
            "incident",
            incident_id,
            ref=inc.ref,
            item=item,
            before=mark is not None,
            after=done,
        )
        return True


def _category_title(category: str) -> str:
    return CATEGORIES.get(category, category)
