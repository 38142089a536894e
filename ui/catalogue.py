"""The risk indicator catalogue dialog (风险指标目录): every indicator by area, and a form to edit the chosen
one (names in English and Chinese, unit, which way is worse, thresholds, sampling interval, department, area,
SOP), add a new one, or move one within its area.

Reads through :func:`console.services.indicators.catalogue` on a worker; every change is a service call on
the write worker (:func:`~console.services.indicators.update`, ``add``, ``reorder``). The form is checked with
the service's own rules (:func:`console.catalogue.check`) before anything is sent, so a bad threshold order is
refused in the dialog in the service's words; a refusal from the database's side (someone saved first, naming
who; offline) is shown the same way and the catalogue is read again. A change made elsewhere arrives through
the live hub: the list follows it, and a form with unsaved edits is told instead of overwritten. Users who may
not change indicators (and a read-only database) see it read-only, with a line saying why.

Open it with :func:`open_catalogue`.

Signals:
    changed(int): an indicator was saved, added or moved (its id).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.catalogue import (
    changed,
    check,
    check_key,
)
from console.errors import WatchfloorError
from console.services import indicators
from console.services.indicators import CatalogueEntry, DepartmentChoice
from console.topics import ChangeBatch, Topic
from ui.catalogue_form import IndicatorForm
from ui.context import ConsoleContext
from ui.models.catalogue import COLUMNS, AreaRole, CatalogueFilter, CatalogueModel, IdRole

log = logging.getLogger(__name__)


def open_catalogue(
    ctx: ConsoleContext, parent: QWidget | None, indicator_id: int | None = None
) -> CatalogueDialog:
    """Show the catalogue (the one already open under ``parent``, raised, or a new one), with
    ``indicator_id`` chosen when given. Non-modal: the floor stays in sight."""
    dialog = parent.findChild(CatalogueDialog) if parent is not None else None
    if dialog is None:
        dialog = CatalogueDialog(ctx, parent, indicator_id)
    elif indicator_id is not None:
        dialog.choose(indicator_id)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


class CatalogueDialog(QDialog):
    changed = Signal(int)

    def __init__(
        self, ctx: ConsoleContext, parent: QWidget | None = None, indicator_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("catalogueDialog")
        self.ctx = ctx
        self.current: CatalogueEntry | None = None  # the indicator the form shows (None: a new one, or none)
        self.newer: CatalogueEntry | None = None  # the same, saved elsewhere while the form had edits
        self.adding = False
        self.last_message = ""
        self._loaded: tuple[Any, ...] = ()  # the form's values as last filled (what "unsaved edits" compares)
        self._applying = False
        reason = ctx.db.read_only_reason
        self.may_write = ctx.actor.can(Perm.MANAGE_INDICATORS) and not reason and not ctx.wall

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("catalogueFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.model = CatalogueModel(self)
        self.proxy = CatalogueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit.textChanged.connect(self.proxy.set_words)
        self.table = QTableView(self)
        self.table.setObjectName("catalogueTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        # Every column as wide as its text, the SOP (a long address, perhaps) taking what is left, elided.
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        head.sortIndicatorChanged.connect(lambda *_: self._enable_buttons())
        self.table.selectionModel().currentRowChanged.connect(self._on_row)

        self.form = IndicatorForm(self)
        self.note = QLabel(self)
        self.note.setObjectName("catalogueReadOnly")
        self.note.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("catalogueMessage")
        self.message.setWordWrap(True)

        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(lambda: self.start_new())
        self.up_button = QPushButton(self)
        self.up_button.clicked.connect(lambda: self.move_chosen(-1))
        self.down_button = QPushButton(self)
        self.down_button.clicked.connect(lambda: self.move_chosen(1))
        self.revert_button = QPushButton(self)
        self.revert_button.clicked.connect(lambda: self.revert())
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveIndicator")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.revert_button, self.save_button, self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self._set_editable(reason)
        self.retranslate()
        self._fit_screen()
        ctx.hub.batch.connect(self._on_batch)
        self.reload(select=indicator_id)

    def _set_editable(self, reason: str | None) -> None:
        """Supervisors and admins edit; everyone else reads, told why."""
        for field in self.form.fields():
            field.setEnabled(self.may_write)
        for button in (
            self.add_button,
            self.up_button,
            self.down_button,
            self.revert_button,
            self.save_button,
        ):
            button.setVisible(self.may_write)
        self.note.setVisible(not self.may_write)
        self._read_only_reason = reason

    def _fit_screen(self) -> None:
        """A comfortable size, never larger than the screen (1366 × 768 laptops on the floor)."""
        width, height = 1180, 700
        screen = self.screen() if self.screen() is not None else None
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Risk indicator catalogue"))
        self.filter_edit.setPlaceholderText(self.tr("Filter by key, name, area or SOP"))
        self.form.retranslate()
        self.add_button.setText(self.tr("New indicator…"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self.revert_button.setText(self.tr("Revert"))
        self.save_button.setText(self.tr("Add indicator") if self.adding else self.tr("Save"))
        self.close_button.setText(self.tr("Close"))
        self.form.setTitle(self._form_title())
        actor = self.ctx.actor
        if self._read_only_reason:
            self.note.setText(self.tr("Read-only: {0}").format(self._read_only_reason))
        else:
            self.note.setText(
                self.tr(
                    "Read-only: {0} ({1}) may not change risk indicators; supervisors and admins do."
                ).format(actor.username, actor.role_title)
            )
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        if self.model.rowCount():
            last = self.model.index(self.model.rowCount() - 1, self.model.columnCount() - 1)
            self.model.dataChanged.emit(self.model.index(0, 0), last)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _form_title(self) -> str:
        if self.adding:
            return self.tr("New indicator")
        if self.current is None:
            return self.tr("Choose an indicator in the list")
        c = self.current
        if c.updated_by and c.updated_at:
            at = c.updated_at.astimezone(self.ctx.clock.tz)
            return self.tr("{0} · version {1}, last changed by {2} at {3}").format(
                c.key, c.version, c.updated_by, at.strftime("%Y-%m-%d %H:%M")
            )
        return self.tr("{0} · version {1}").format(c.key, c.version)

    # -- reading --------------------------------------------------------------------------------------
    def reload(self, select: int | None = None, *, refill: bool = False) -> None:
        """Read the catalogue again; choose ``select`` (else keep the choice); ``refill`` the form even when
        it holds unsaved edits (after a refusal)."""
        db = self.ctx.db

        def read() -> tuple[list[CatalogueEntry], list[DepartmentChoice]]:
            with db.reading() as s:
                return indicators.catalogue(s), indicators.department_choices(s)

        def apply(result: tuple[list[CatalogueEntry], list[DepartmentChoice]]) -> None:
            self._apply(*result, select=select, refill=refill)

        self.ctx.runner.run(
            read,
            apply,
            lambda exc: self._say(self.tr("Could not read the catalogue: {0}").format(exc), error=True),
        )

    def _apply(
        self,
        entries: list[CatalogueEntry],
        departments: list[DepartmentChoice],
        *,
        select: int | None,
        refill: bool,
    ) -> None:
        wanted = select if select is not None else (self.current.id if self.current else None)
        self._applying = True
        try:
            self.model.set_rows(entries, departments)
            self.form.set_departments(departments)
            if wanted is not None and not self.adding:
                self._select(wanted)
        finally:
            self._applying = False
        fresh = next((e for e in entries if e.id == wanted), None)
        if self.adding:
            pass
        elif fresh is None:
            self._show(None)
        elif refill or not self.dirty() or self.current is None or self.current.id != fresh.id:
            self._show(fresh)
        elif fresh.version != self.current.version:
            self.newer = fresh
            self._say(
                self.tr(
                    "{0} was changed by {1} meanwhile (version {2}): Revert shows it; saving now is refused."
                ).format(fresh.key, fresh.updated_by or "?", fresh.version),
                error=True,
            )
        self._enable_buttons()

    def _on_batch(self, batch: ChangeBatch) -> None:
        if batch.reload or batch.get(Topic.INDICATOR) or batch.get(Topic.DEPARTMENT):
            self.reload()

    def choose(self, indicator_id: int) -> None:
        """Show this indicator (the list's choice and the form)."""
        self.adding = False
        self._select(indicator_id)
        entry = next((e for e in self.model.rows if e.id == indicator_id), None)
        if entry is not None:
            self._show(entry)

    def _select(self, indicator_id: int) -> None:
        row = self.model.row_of(indicator_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show it anyway
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._applying or not current.isValid():
            return
        entry = next((e for e in self.model.rows if e.id == current.data(IdRole)), None)
        self.adding = False
        self._show(entry)

    def selected_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return index.data(IdRole) if index.isValid() else None

    # -- filling and reading the form -----------------------------------------------------------------
    def _show(self, entry: CatalogueEntry | None) -> None:
        """Fill the form with ``entry`` (empty and disabled when none is chosen)."""
        self.current, self.newer = entry, None
        self.form.key_edit.setReadOnly(True)
        if entry is None:
            self.form.clear()
            self.form.setEnabled(False)
        else:
            self.form.setEnabled(True)
            self.form.fill(entry.key, entry.definition)
        self.save_button.setText(self.tr("Save"))
        self.form.setTitle(self._form_title())
        self._loaded = self.form.values()
        self._enable_buttons()

    def dirty(self) -> bool:
        """Whether the form holds edits not saved."""
        return self.adding or self.form.values() != self._loaded

    def _enable_buttons(self) -> None:
        chosen = self.current is not None and not self.adding
        self.revert_button.setEnabled(self.adding or chosen)
        self.save_button.setEnabled(self.adding or chosen)
        self.up_button.setEnabled(chosen and self._neighbour(-1) is not None)
        self.down_button.setEnabled(chosen and self._neighbour(1) is not None)

    # -- writes ---------------------------------------------------------------------------------------
    def start_new(self) -> None:
        """Empty the form for a new indicator (Revert goes back to the one chosen)."""
        if not self.may_write:
            return
        self.adding = True
        self.form.setEnabled(True)
        self.form.key_edit.setReadOnly(False)
        self.form.clear(department=self.current.definition.department if self.current else "")
        self.save_button.setText(self.tr("Add indicator"))
        self.form.setTitle(self._form_title())
        self.form.key_edit.setFocus()
        self._enable_buttons()

    def revert(self) -> None:
        """Forget the form's edits: show the chosen indicator as the catalogue has it now."""
        self.adding = False
        self._show(self.newer or self.current)
        self._say("", error=False)

    def save(self) -> None:
        """Check the form with the service's rules, then send it (an edit names the version it read)."""
        if not self.may_write or (self.current is None and not self.adding):
            return
        db, actor = self.ctx.db, self.ctx.actor
        try:
            key = check_key(self.form.key_edit.text()) if self.adding else self.current.key  # type: ignore[union-attr]
            kept = self.current.definition.names if self.current and not self.adding else ()
            d = check(key, self.form.definition(kept), self.model.departments.keys())
        except WatchfloorError as exc:
            self._say(str(exc), error=True)
            return
        if self.adding:
            self._write(
                lambda: indicators.add(db, actor, key, d), lambda ind_id: self.tr("{0} added.").format(key)
            )
            return
        entry = self.current
        assert entry is not None
        changes: dict[str, Any] = {f: new for f, (_old, new) in changed(entry.definition, d).items()}
        if not changes:
            self._say(self.tr("Nothing to save: the form holds what the catalogue has."), error=False)
            return
        if "names" in changes:  # only the Chinese name is edited here; emptied, it is removed
            changes["names"] = {"zh_CN": dict(d.names).get("zh_CN", "")}
        ind_id, version = entry.id, entry.version
        self._write(
            lambda: (ind_id, indicators.update(db, actor, ind_id, changes, expected_version=version)),
            lambda result: self.tr("{0} saved (version {1}).").format(key, result[1]),
        )

    def _neighbour(self, step: int) -> int | None:
        """The indicator next to the chosen one in the list (same area; the list sorted by area)."""
        head = self.table.horizontalHeader()
        if head.sortIndicatorSection() != 0 or head.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
            return None
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        other = self.proxy.index(index.row() + step, 0)
        if not other.isValid() or other.data(AreaRole) != index.data(AreaRole):
            return None
        value = other.data(IdRole)
        return int(value) if value is not None else None

    def move_chosen(self, step: int) -> None:
        """Move the chosen indicator one place up (-1) or down (1) within its area."""
        chosen, other = self.selected_id(), self._neighbour(step)
        if not self.may_write or chosen is None or other is None:
            return
        order = [e.id for e in sorted(self.model.rows, key=lambda e: (e.display_order, e.id))]
        order.remove(chosen)
        at = order.index(other) + (0 if step < 0 else 1)
        order.insert(at, chosen)
        db, actor, key = self.ctx.db, self.ctx.actor, self.current.key if self.current else ""
        self._write(
            lambda: (chosen, indicators.reorder(db, actor, order)),
            lambda _r: self.tr("{0} moved.").format(key),
        )

    def _write(self, call: Callable[[], Any], success: Callable[[Any], str]) -> None:
        def done(result: Any) -> None:
            ind_id = result[0] if isinstance(result, tuple) else result
            self.adding = False
            self._say(success(result), error=False)
            self.changed.emit(ind_id if isinstance(ind_id, int) else 0)
            self.reload(select=ind_id if isinstance(ind_id, int) else None, refill=True)

        def failed(exc: BaseException) -> None:
            self._say(self.tr("Refused: {0}").format(exc), error=True)
            if not self.adding:
                self.reload(refill=True)

        self.ctx.runner.write(call, done, failed)

    def _say(self, text: str, *, error: bool) -> None:
        self.last_message = text
        self.message.setText(text)
        self.message.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "color: #166534;")
