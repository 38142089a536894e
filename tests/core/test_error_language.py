"""Core errors are whole sentences in one language: their marked fields are translated with them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from console import i18n
from console.auth import Actor, Perm
from console.errors import ENTITIES, NotFound, PermissionDenied

FAKE_ZH = {
    ("Errors", "{user} ({role}) may not {action}."): "{user}（{role}）无权{action}。",
    ("Role", "viewer"): "只读",
    ("Perm", "open an incident"): "创建风险事件",
    ("Errors", "{what} {key} does not exist."): "{what} {key} 不存在。",
    ("Entity", "Agent"): "员工",
}


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.install_translator(lambda ctx, text: FAKE_ZH.get((ctx, text), text))
    yield
    i18n.install_translator(None)


def test_permission_denied_translates_role_and_action(chinese: None) -> None:
    with pytest.raises(PermissionDenied) as caught:
        Actor("wall", "viewer").require(Perm.OPEN_INCIDENT)
    assert str(caught.value) == "wall（只读）无权创建风险事件。"
    assert caught.value.english() == "wall (viewer) may not open an incident."


def test_not_found_translates_what(chinese: None) -> None:
    assert str(NotFound(what="Agent", key=42)) == "员工 42 不存在。"
    assert "Agent" in ENTITIES
