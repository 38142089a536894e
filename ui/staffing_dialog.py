"""The staffing requirements dialog (人力需求): how many people each desk needs, hour by hour.

A table of every requirement (desk, floor-time window, weekdays, the skill or language it counts, at least
how many) and a form to add one or change one's count: setting a requirement with the same desk, window,
days, skill and language changes its count (that is what :func:`console.services.staffing.set_requirement`
does); Remove deletes the chosen one.

Reads through :func:`console.services.staffing.requirements` and :func:`console.services.coverage.desks` on a
worker; every change is a service call on the write worker, checked by the service (its refusal is shown in
the dialog in its words; nothing is half-written). A change made elsewhere arrives through the live hub and
the table follows it. Users who may not change the rota (viewers, analysts; a read-only database; the wall)
see it read-only, with a line saying why.

Open it with :func:`open_requirements` (the Coverage dock's **Requirements…** button).

Signals:
    changed(int): a requirement was set (its id) or removed (0).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.services import staffing
from console.services.coverage import LANGUAGE_TITLES, SKILL_TITLES, Desk, desks
from console.services.staffing import EVERY_DAY, LANGUAGES, SKILLS, Requirement
from console.topics import ChangeBatch, Topic
from ui.context import ConsoleContext
from ui.models.coverage import desk_name

IdRole = Qt.ItemDataRole.UserRole + 1
MAX_COUNT = 500  # what the service accepts (console.services.staffing._check)


def day_names() -> list[str]:
    """Monday … Sunday, short (bit n of a weekday mask is day n)."""
    return [
        QCoreApplication.translate("StaffingDialog", "Mon"),
        QCoreApplication.translate("StaffingDialog", "Tue"),
        QCoreApplication.translate("StaffingDialog", "Wed"),
        QCoreApplication.translate("StaffingDialog", "Thu"),
        QCoreApplication.translate("StaffingDialog", "Fri"),
        QCoreApplication.translate("StaffingDialog", "Sat"),
        QCoreApplication.translate("StaffingDialog", "Sun"),
    ]


def days_text(mask: int) -> str:
    """ "Every day", "Mon–Fri", "Sat, Sun" or the days named one by one."""
    if mask & EVERY_DAY == EVERY_DAY:
        return QCoreApplication.translate("StaffingDialog", "Every day")
    if mask == 0b0011111:
        return QCoreApplication.translate("StaffingDialog", "Mon–Fri")
    names = day_names()
    return ", ".join(names[n] for n in range(7) if mask & (1 << n))


def window_text(from_hour: int, to_hour: int) -> str:
    """ "07:00–15:00"; a window crossing midnight says so ("23:00–07:00 (next day)")."""
    text = f"{from_hour:02d}:00–{to_hour:02d}:00"
    if to_hour <= from_hour:
        return QCoreApplication.translate("StaffingDialog", "{0} (next day)").format(text)
    return text


def skill_title(skill: str | None) -> str:
    if skill is None:
        return ""
    return QCoreApplication.translate("Coverage", SKILL_TITLES.get(skill, skill))


def language_title(language: str | None) -> str:
    if language is None:
        return ""
    return QCoreApplication.translate("Coverage", LANGUAGE_TITLES.get(language, language))


class RequirementsModel(QAbstractTableModel):
    """The requirements, one a row, in the service's order (desk, window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Requirement] = []
        self.desks: dict[str, Desk] = {}

    @staticmethod
    def headers() -> list[str]:
        return [
            QCoreApplication.translate("StaffingDialog", "Desk"),
            QCoreApplication.translate("StaffingDialog", "Window"),
            QCoreApplication.translate("StaffingDialog", "Days"),
            QCoreApplication.translate("StaffingDialog", "Skill"),
            QCoreApplication.translate("StaffingDialog", "Language"),
            QCoreApplication.translate("StaffingDialog", "At least"),
        ]

    def set_rows(self, rows: Sequence[Requirement], desk_list: Sequence[Desk]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.desks = {d.code: d for d in desk_list}
        self.endResetModel()

    def row_of(self, requirement_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == requirement_id), None)

    def desk_title(self, code: str) -> str:
        return desk_name(self.desks.get(code), code)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            heads = self.headers()
            return heads[section] if 0 <= section < len(heads) else None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == IdRole:
            return r.id
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                self.desk_title(r.zone_code),
                window_text(r.from_hour, r.to_hour),
                days_text(r.weekdays),
                skill_title(r.skill),
                language_title(r.language),
                str(r.min_count),
            )
            return values[col] if 0 <= col < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 5:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


def open_requirements(ctx: ConsoleContext, parent: QWidget | None) -> StaffingDialog:
    """Show the requirements (the dialog already open under ``parent``, raised, or a new one). Non-modal:
    the coverage stays in sight."""
    dialog = parent.findChild(StaffingDialog) if parent is not None else None
    if dialog is None:
        dialog = StaffingDialog(ctx, parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


class StaffingDialog(QDialog):
    changed = Signal(int)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffingDialog")
        self.ctx = ctx
        self.last_message = ""
        self._applying = False
        self._read_only_reason = ctx.db.read_only_reason
        self.may_write = ctx.actor.can(Perm.MANAGE_ROTA) and not self._read_only_reason and not ctx.wall

        self.model = RequirementsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("staffingTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)

        self.form = QGroupBox(self)
        self.desk_label = QLabel(self.form)
        self.desk_combo = QComboBox(self.form)
        self.desk_combo.setObjectName("staffingDesk")
        self.window_label = QLabel(self.form)
        self.from_combo = QComboBox(self.form)
        self.from_combo.setObjectName("staffingFrom")
        self.to_combo = QComboBox(self.form)
        self.to_combo.setObjectName("staffingTo")
        for h in range(24):
            self.from_combo.addItem(f"{h:02d}:00", h)
            self.to_combo.addItem(f"{h + 1:02d}:00", h + 1)
        self.until_label = QLabel(self.form)
        self.days_label = QLabel(self.form)
        self.day_boxes = [QCheckBox(self.form) for _ in range(7)]
        for n, box in enumerate(self.day_boxes):
            box.setObjectName(f"staffingDay{n}")
            box.setChecked(True)
        self.skill_label = QLabel(self.form)
        self.skill_combo = QComboBox(self.form)
        self.skill_combo.setObjectName("staffingSkill")
        self.language_label = QLabel(self.form)
        self.language_combo = QComboBox(self.form)
        self.language_combo.setObjectName("staffingLanguage")
        self.count_label = QLabel(self.form)
        self.count_spin = QSpinBox(self.form)
        self.count_spin.setObjectName("staffingCount")
        self.count_spin.setRange(0, MAX_COUNT)
        self.count_spin.setValue(1)
        for combo in (self.desk_combo, self.skill_combo, self.language_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        grid = QGridLayout(self.form)
        grid.addWidget(self.desk_label, 0, 0)
        grid.addWidget(self.desk_combo, 0, 1)
        window = QHBoxLayout()
        window.addWidget(self.from_combo)
        window.addWidget(self.until_label)
        window.addWidget(self.to_combo)
        window.addStretch(1)
        grid.addWidget(self.window_label, 0, 2)
        grid.addLayout(window, 0, 3)
        grid.addWidget(self.days_label, 1, 0)
        days = QHBoxLayout()
        for box in self.day_boxes:
            days.addWidget(box)
        days.addStretch(1)
        grid.addLayout(days, 1, 1, 1, 4)
        grid.addWidget(self.skill_label, 2, 0)
        grid.addWidget(self.skill_combo, 2, 1)
        grid.addWidget(self.language_label, 2, 2)
        grid.addWidget(self.language_combo, 2, 3)
        grid.addWidget(self.count_label, 3, 0)
        grid.addWidget(self.count_spin, 3, 1)
        grid.setColumnStretch(4, 1)  # the fields as wide as their choices, the room left at the right

        self.note = QLabel(self)
        self.note.setObjectName("staffingReadOnly")
        self.note.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("staffingMessage")
        self.message.setWordWrap(True)

        self.set_button = QPushButton(self)
        self.set_button.setObjectName("setRequirement")
        self.set_button.setDefault(True)
        self.set_button.clicked.connect(lambda: self.save())
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removeRequirement")
        self.remove_button.clicked.connect(lambda: self.remove_chosen())
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.form.setEnabled(self.may_write)
        for button in (self.set_button, self.remove_button):
            button.setVisible(self.may_write)
        self.note.setVisible(not self.may_write)
        self.retranslate()
        self._enable_buttons()
        self.resize(760, 480)
        ctx.hub.batch.connect(self._on_batch)
        self.reload()

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Staffing requirements"))
        self.form.setTitle(self.tr("Add a requirement, or change the count of one with the same window"))
        self.desk_label.setText(self.tr("Desk"))
        self.window_label.setText(self.tr("Window"))
        self.until_label.setText(self.tr("to"))
        self.days_label.setText(self.tr("Days"))
        for box, name in zip(self.day_boxes, day_names(), strict=True):
            box.setText(name)
        self.skill_label.setText(self.tr("Skill"))
        self.language_label.setText(self.tr("Language"))
        self.count_label.setText(self.tr("At least"))
        self.from_combo.setToolTip(
            self.tr("Floor time; a window ending at or before its start ends next day")
        )
        self.to_combo.setToolTip(self.from_combo.toolTip())
        self._fill_choices()
        self.set_button.setText(self.tr("Set"))
        self.set_button.setToolTip(
            self.tr(
                "Adds the requirement, or changes the count of the one with the same desk, window, days, "
                "skill and language"
            )  # fmt: skip
        )
        self.remove_button.setText(self.tr("Remove"))
        self.close_button.setText(self.tr("Close"))
        actor = self.ctx.actor
        if self._read_only_reason:
            self.note.setText(self.tr("Read-only: {0}").format(self._read_only_reason))
        else:
            self.note.setText(
                self.tr(
                    "Read-only: {0} ({1}) may not change staffing requirements; team leads, supervisors and "
                    "admins do."
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

    def _fill_choices(self) -> None:
        """The desk, skill and language combos in the current language, keeping what is chosen."""
        for combo, items in (
            (self.desk_combo, [(self.model.desk_title(code), code) for code in self.model.desks]),
            (self.skill_combo, [(self.tr("any"), None), *[(skill_title(s), s) for s in SKILLS]]),
            (self.language_combo, [(self.tr("any"), None), *[(language_title(lg), lg) for lg in LANGUAGES]]),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            at = combo.findData(kept)
            combo.setCurrentIndex(at if at >= 0 else 0)
            combo.blockSignals(False)

    # -- reading --------------------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        """Read the requirements and the desks again; choose ``select`` (else keep the choice)."""
        db, floor_code = self.ctx.db, self.ctx.settings.floor_code or None

        def read() -> tuple[list[Requirement], tuple[Desk, ...]]:
            with db.reading() as s:
                return staffing.requirements(s), desks(s, floor_code)

        def apply(result: tuple[list[Requirement], tuple[Desk, ...]]) -> None:
            self._apply(*result, select=select)

        self.ctx.runner.run(
            read,
            apply,
            lambda exc: self._say(self.tr("Could not read the requirements: {0}").format(exc), error=True),
        )

    def _apply(self, rows: list[Requirement], desk_list: tuple[Desk, ...], *, select: int | None) -> None:
        wanted = select if select is not None else self.selected_id()
        self._applying = True
        try:
            self.model.set_rows(rows, desk_list)
            self._fill_choices()
            if wanted is not None:
                row = self.model.row_of(wanted)
                if row is not None:
                    flags = (
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows
                    )
                    index = self.model.index(row, 0)
                    self.table.selectionModel().setCurrentIndex(index, flags)
                    self.table.scrollTo(index)
        finally:
            self._applying = False
        self._enable_buttons()

    def _on_batch(self, batch: ChangeBatch) -> None:
        if batch.reload or batch.get(Topic.STAFFING) or batch.get(Topic.ZONE):
            self.reload()

    def selected_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        value = index.data(IdRole) if index.isValid() else None
        return int(value) if value is not None else None

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._enable_buttons()
        if self._applying or not current.isValid():
            return
        self.fill(self.model.rows[current.row()])

    # -- the form -------------------------------------------------------------------------------------
    def fill(self, r: Requirement) -> None:
        """Show a requirement in the form (to change its count, or start a similar one)."""
        self.desk_combo.setCurrentIndex(max(0, self.desk_combo.findData(r.zone_code)))
        self.from_combo.setCurrentIndex(r.from_hour)
        self.to_combo.setCurrentIndex(r.to_hour - 1)
        for n, box in enumerate(self.day_boxes):
            box.setChecked(bool(r.weekdays & (1 << n)))
        self.skill_combo.setCurrentIndex(max(0, self.skill_combo.findData(r.skill)))
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(r.language)))
        self.count_spin.setValue(r.min_count)

    def values(self) -> tuple[str, int, int, int, str | None, str | None, int]:
        """(desk, from hour, to hour, weekday mask, skill, language, count) as the form holds them."""
        mask = sum(1 << n for n, box in enumerate(self.day_boxes) if box.isChecked())
        return (
            self.desk_combo.currentData() or "",
            int(self.from_combo.currentData()),
            int(self.to_combo.currentData()),
            mask,
            self.skill_combo.currentData(),
            self.language_combo.currentData(),
            self.count_spin.value(),
        )

    def _enable_buttons(self) -> None:
        self.remove_button.setEnabled(self.may_write and self.selected_id() is not None)
        self.set_button.setEnabled(self.may_write and self.desk_combo.count() > 0)

    # -- writes ---------------------------------------------------------------------------------------
    def save(self) -> None:
        """Set the requirement the form holds (the service checks it; a refusal is shown here)."""
        if not self.may_write:
            return
        desk, start, end, mask, skill, language, count = self.values()
        db, actor = self.ctx.db, self.ctx.actor
        what = f"{self.model.desk_title(desk)} {window_text(start, end)}"
        self._write(
            lambda: staffing.set_requirement(
                db, actor, desk, start, end, count, skill=skill, language=language, weekdays=mask
            ),
            lambda _rid: self.tr("{0}: at least {1} set.").format(what, count),
        )

    def remove_chosen(self) -> None:
        """Delete the requirement chosen in the table."""
        chosen = self.selected_id()
        if not self.may_write or chosen is None:
            return
        r = self.model.rows[self.model.row_of(chosen) or 0]
        what = f"{self.model.desk_title(r.zone_code)} {window_text(r.from_hour, r.to_hour)}"
        db, actor = self.ctx.db, self.ctx.actor

        def call() -> int:
            staffing.remove_requirement(db, actor, chosen)
            return 0

        self._write(call, lambda _r: self.tr("{0}: removed.").format(what))

    def _write(self, call: Callable[[], int], success: Callable[[int], str]) -> None:
        def done(result: int) -> None:
            self._say(success(result), error=False)
            self.changed.emit(result)
            self.reload(select=result or None)

        def failed(exc: BaseException) -> None:
            self._say(self.tr("Refused: {0}").format(exc), error=True)
            self.reload()

        self.ctx.runner.write(call, done, failed)

    def _say(self, text: str, *, error: bool) -> None:
        self.last_message = text
        self.message.setText(text)
        self.message.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "color: #166534;")
