"""A keyring backend for tests that run Watchfloor as separate processes: one JSON file, named by
``WATCHFLOOR_TEST_KEYRING_FILE``, shared by a test's processes (an in-memory keyring dies with each one).

Chosen in a child process with ``PYTHON_KEYRING_BACKEND=tests.keyring_file.FileKeyring`` (run from the
project's root, where ``tests`` is importable). Never the OS keyring, never the developer's.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "WATCHFLOOR_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @staticmethod
    def _path() -> Path:
        return Path(os.environ[ENV])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def _save(self, store: dict[str, str]) -> None:
        self._path().write_text(json.dumps(store), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        store = self._load()
        store[f"{service}\n{username}"] = password
        self._save(store)

    def delete_password(self, service: str, username: str) -> None:
        store = self._load()
        if store.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(store)
