"""Database passwords in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service).

Never written to the config file or a log line. Where no keyring backend exists (a headless Linux box),
:func:`keyring_status` says so and the console asks for the password each time instead.
"""

from __future__ import annotations

import contextlib

import keyring
import keyring.errors
from keyring.backends import fail
from sqlalchemy.engine import URL

from console.db.engine import normalise_url
from console.i18n import QT_TRANSLATE_NOOP

SERVICE = "watchfloor"
NO_KEYRING = QT_TRANSLATE_NOOP("Errors", "No system keyring is available on this machine.")
NOTHING_STORED = QT_TRANSLATE_NOOP("Errors", "No password is stored for this database.")


def account(url: str | URL) -> str:
    """The keyring account for a database: ``user@host:port/database``."""
    u = normalise_url(url)
    return f"{u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def keyring_status() -> str | None:
    """``None`` if a usable keyring exists, else why not (in English, for the log and the prompt)."""
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return NO_KEYRING
    if getattr(backend, "priority", 1) <= 0 and not getattr(backend, "backends", [1]):
        return NO_KEYRING
    return None


def get_password(url: str | URL) -> str | None:
    try:
        return keyring.get_password(SERVICE, account(url))
    except keyring.errors.KeyringError:
        return None


def set_password(url: str | URL, password: str) -> None:
    """Store the password; raises ``keyring.errors.KeyringError`` if there is no keyring."""
    keyring.set_password(SERVICE, account(url), password)


def delete_password(url: str | URL) -> None:
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(SERVICE, account(url))
