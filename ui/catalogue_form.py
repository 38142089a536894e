"""The form of one indicator's definition, for the catalogue dialog (:mod:`ui.catalogue`).

Two columns (names, unit and which way is worse; thresholds, interval, department, area and SOP) so it fits
under the list on a 1366 × 768 screen. It only shows and reads values: checking them is
:func:`console.catalogue.check`'s work, done by the dialog before it sends anything.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.catalogue import (
    AREAS,
    MAX_INTERVAL_S,
    Definition,
    area_of_key,
    area_title,
    runbook_keys,
    sop_is_url,
)
from console.names import Names, pick
from console.services.indicators import DepartmentChoice
from ui import i18n


class IndicatorForm(QGroupBox):
    """The fields of a :class:`~console.catalogue.Definition`, plus the key (editable for a new indicator)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorForm")
        self.departments: list[DepartmentChoice] = []
        self.area_chosen = False  # a new indicator's area follows its key until someone picks one
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("key")
        self.key_edit.textEdited.connect(self._key_edited)
        self.name_edit = QLineEdit(self)
        self.name_zh_edit = QLineEdit(self)
        self.unit_edit = QLineEdit(self)
        self.direction_box = QComboBox(self)
        self.warning_edit = QLineEdit(self)
        self.critical_edit = QLineEdit(self)
        self.interval_box = QSpinBox(self)
        self.interval_box.setRange(1, MAX_INTERVAL_S)
        self.department_box = QComboBox(self)
        self.area_box = QComboBox(self)
        self.area_box.activated.connect(lambda *_: setattr(self, "area_chosen", True))
        self.sop_box = QComboBox(self)
        self.sop_box.setEditable(True)
        self.sop_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.sop_box.addItem("")
        self.sop_box.addItems(list(runbook_keys()))
        self.sop_box.currentTextChanged.connect(lambda *_: self._show_sop_hint())
        self.sop_hint = QLabel(self)
        self.sop_hint.setObjectName("sopHint")
        self.sop_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.labels = [QLabel(self) for _ in range(11)]
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, field in zip(
            self.labels[:5],
            (self.key_edit, self.name_edit, self.name_zh_edit, self.unit_edit, self.direction_box),
            strict=True,
        ):
            left.addRow(label, field)
        for label, field in zip(
            self.labels[5:10],
            (self.warning_edit, self.critical_edit, self.interval_box, self.department_box, self.area_box),
            strict=True,
        ):
            right.addRow(label, field)
        sop = QVBoxLayout()
        sop.setContentsMargins(0, 0, 0, 0)
        sop.setSpacing(2)
        sop.addWidget(self.sop_box)
        sop.addWidget(self.sop_hint)
        right.addRow(self.labels[10], sop)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addSpacing(16)
        row.addLayout(right, 1)

    def fields(self) -> tuple[QWidget, ...]:
        return (
            self.key_edit,
            self.name_edit,
            self.name_zh_edit,
            self.unit_edit,
            self.direction_box,
            self.warning_edit,
            self.critical_edit,
            self.interval_box,
            self.department_box,
            self.area_box,
            self.sop_box,
        )

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        texts = (
            self.tr("Key"),
            self.tr("English name"),
            self.tr("Chinese name"),
            self.tr("Unit"),
            self.tr("Worse when"),
            self.tr("Warning at"),
            self.tr("Critical at"),
            self.tr("Sampling interval"),
            self.tr("Department"),
            self.tr("Area"),
            self.tr("SOP"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.key_edit.setPlaceholderText(self.tr("e.g. aml.mixer_deposits"))
        self.unit_edit.setPlaceholderText(self.tr("e.g. count/min, %, USD/min"))
        self.name_zh_edit.setPlaceholderText(self.tr("optional: the English name shows without it"))
        self.warning_edit.setPlaceholderText(self.tr("e.g. 1500"))
        self.critical_edit.setPlaceholderText(self.tr("beyond warning, the way that is worse"))
        sop_edit = self.sop_box.lineEdit()
        assert sop_edit is not None  # an editable combo box
        sop_edit.setPlaceholderText(self.tr("a runbook, or an http(s) address"))
        self.interval_box.setSuffix(self.tr(" s"))
        _fill_combo(
            self.direction_box, [("higher", self.tr("higher is worse")), ("lower", self.tr("lower is worse"))]
        )
        _fill_combo(self.area_box, [(code, area_title(code)) for code in AREAS])
        self.set_departments(self.departments)
        for n, key in enumerate(runbook_keys(), start=1):
            self.sop_box.setItemData(n, _runbook_title(key), Qt.ItemDataRole.ToolTipRole)
        self._show_sop_hint()

    def set_departments(self, departments: list[DepartmentChoice]) -> None:
        self.departments = departments
        language = i18n.current_language()
        _fill_combo(self.department_box, [(d.code, pick(d.names, language, d.name)) for d in departments])

    def _show_sop_hint(self) -> None:
        text = self.sop_box.currentText().strip()
        if not text:
            hint = self.tr("No SOP linked.")
        elif text in runbook_keys():
            hint = self.tr("Runbook: {0}").format(_runbook_title(text))
        elif sop_is_url(text):
            hint = self.tr("A page outside Watchfloor.")
        else:
            hint = self.tr("Neither a runbook nor an http(s) address.")
        self.sop_hint.setText(hint)

    def _key_edited(self, key: str) -> None:
        if not self.key_edit.isReadOnly() and not self.area_chosen:
            self.area_box.setCurrentIndex(max(0, self.area_box.findData(area_of_key(key.strip()))))

    # -- values ---------------------------------------------------------------------------------------
    def fill(self, key: str, d: Definition) -> None:
        self.key_edit.setText(key)
        self.name_edit.setText(d.name)
        self.name_zh_edit.setText(dict(d.names).get("zh_CN", ""))
        self.unit_edit.setText(d.unit)
        self.direction_box.setCurrentIndex(max(0, self.direction_box.findData(d.direction)))
        self.warning_edit.setText(_plain(d.warning))
        self.critical_edit.setText(_plain(d.critical))
        self.interval_box.setValue(d.interval_seconds)
        self.department_box.setCurrentIndex(max(0, self.department_box.findData(d.department)))
        self.area_box.setCurrentIndex(max(0, self.area_box.findData(d.area)))
        self.sop_box.setCurrentText(d.sop)

    def clear(self, *, department: str = "") -> None:
        """Empty fields for a new indicator (higher is worse, a minute's interval, area from the key)."""
        self.fill("", Definition("", (), "", "higher", 0, 0, 60, department, "other", ""))
        self.warning_edit.clear()
        self.critical_edit.clear()
        self.area_chosen = False

    def values(self) -> tuple[Any, ...]:
        """What the fields hold, to tell whether they were edited."""
        return (
            self.key_edit.text(),
            self.name_edit.text(),
            self.name_zh_edit.text(),
            self.unit_edit.text(),
            self.direction_box.currentData(),
            self.warning_edit.text(),
            self.critical_edit.text(),
            self.interval_box.value(),
            self.department_box.currentData(),
            self.area_box.currentData(),
            self.sop_box.currentText(),
        )

    def definition(self, other_names: Names = ()) -> Definition:
        """The definition the fields hold, not checked (thresholds that are not numbers stay as typed);
        ``other_names``: translations this form does not show, kept as they are."""
        names = {**dict(other_names), "zh_CN": self.name_zh_edit.text()}
        return Definition(
            name=self.name_edit.text(),
            names=tuple(sorted(names.items())),
            unit=self.unit_edit.text(),
            direction=self.direction_box.currentData() or "",
            warning=_number(self.warning_edit.text()),  # type: ignore[arg-type]  # check() names a non-number
            critical=_number(self.critical_edit.text()),  # type: ignore[arg-type]
            interval_seconds=self.interval_box.value(),
            department=self.department_box.currentData() or "",
            area=self.area_box.currentData() or "",
            sop=self.sop_box.currentText(),
        )


def _fill_combo(box: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace a combo box's items ``(code, text)``, keeping the code chosen."""
    chosen = box.currentData()
    box.blockSignals(True)
    box.clear()
    for code, text in items:
        box.addItem(text, code)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    box.blockSignals(False)


def _runbook_title(key: str) -> str:
    from console.services import runbooks

    book = runbooks.runbook(key)
    return book.title.text(i18n.current_language()) if book else key


def _plain(value: float) -> str:
    """A threshold as the form shows it: ``1500``, ``82.5``, ``15000000``."""
    return f"{value:.15g}" if abs(value) < 1e15 else repr(value)


def _number(text: str) -> float | str:
    """What was typed, as a number when it reads as one (``12,500`` too), else as typed."""
    try:
        return float(text.strip().replace(",", "").replace(" ", ""))
    except ValueError:
        return text
