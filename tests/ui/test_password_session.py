"""A whole session against a password-protected PostgreSQL, and the password found nowhere but the keyring.

A private cluster (:mod:`tests.private_pg`: SCRAM over TCP, a role with a password) on a free port; the real
entry point in separate processes, as a supervisor would run it: the settings file names the server (no
password), ``db upgrade`` asks for the password on a terminal (a pty), ``db password`` stores it in the
keyring (a file-backed test backend shared by the processes), then ``demo``, ``simulate``, ``self-check``,
the console window itself and ``config show`` take it from there without a word; without a terminal and
without a stored password a command says what to do. Afterwards every output, the pty transcripts, every
file the session wrote (settings, layout, logs, anything under its HOME) and the server's log are searched
for the password: the keyring's file is the one place that holds it.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.keyring_file import ENV as KEYRING_FILE_ENV
from tests.private_pg import PrivateCluster, cannot_start, private_cluster

ROOT = Path(__file__).resolve().parents[2]
ENTRY = [sys.executable, "-m", "ui.main"]
# On a pty the child needs it as its controlling terminal (getpass reads /dev/tty with echo off).
ON_TTY = (
    "import fcntl, os, sys, termios; os.setsid(); fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)
CONSOLE_UP_S = 60.0  # until every dock has its first data (the console says so in its log)
CONSOLE_LOADED = "every dock has its first data"


@dataclass
class Ran:
    args: list[str]  # watchfloor's own arguments
    code: int
    output: str  # stdout and stderr (or the pty transcript)


class Session:
    """Runs the entry point with the session's environment and keeps everything it printed."""

    def __init__(self, home: Path, keyring_file: Path) -> None:
        self.home = home
        self.runs: list[Ran] = []
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("WATCHFLOOR_", "PG", "PYTHON_KEYRING", "XDG_"))
        }
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            XDG_CACHE_HOME=str(home / ".cache"),
            WATCHFLOOR_CONFIG_DIR=str(home / "config"),
            WATCHFLOOR_DATA_DIR=str(home / "data"),
            WATCHFLOOR_LOG_DIR=str(home / "log"),
            PGPASSFILE=str(home / "no.pgpass"),  # libpq never finds one of the developer's
            PYTHON_KEYRING_BACKEND="tests.keyring_file.FileKeyring",
            QT_QPA_PLATFORM="offscreen",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env[KEYRING_FILE_ENV] = str(keyring_file)
        self.env = env

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*ENTRY, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
            env=self.env,
        )

    def finish(self, proc: subprocess.Popen[str], timeout: float = 60) -> Ran:
        out, _ = proc.communicate(timeout=timeout)
        ran = Ran(list(map(str, proc.args))[len(ENTRY) :], proc.returncode, out)  # type: ignore[arg-type]
        self.runs.append(ran)
        return ran

    def run(self, *args: str) -> Ran:
        return self.finish(self.start(*args))

    def on_tty(self, *args: str, answer: str, when: str, timeout: float = 60) -> Ran:
        """Run on a pty; type ``answer`` (and Enter) each time ``when`` appears."""
        master, slave = os.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-c", ON_TTY, "-m", "ui.main", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=self.env,
            close_fds=True,
        )
        os.close(slave)
        transcript, answered, end = b"", 0, time.monotonic() + timeout
        try:
            while time.monotonic() < end:
                ready, _, _ = select.select([master], [], [], 0.2)
                if ready:
                    try:
                        chunk = os.read(master, 4096)
                    except OSError:  # EIO: the child has gone and the pty is closed
                        break
                    if not chunk:
                        break
                    transcript += chunk
                    if transcript.count(when.encode()) > answered:
                        answered += 1
                        os.write(master, answer.encode() + b"\n")
                elif proc.poll() is not None:
                    break
            code = proc.wait(timeout=max(1.0, end - time.monotonic()))
        finally:
            os.close(master)
            if proc.poll() is None:
                proc.kill()
        ran = Ran(list(args), code, transcript.decode(errors="replace"))
        self.runs.append(ran)
        return ran


def files_holding(root: Path, secret: bytes, *, skip: Path | None = None) -> list[str]:
    """Every file under ``root`` whose bytes contain ``secret`` (whatever it is: text, SQLite, INI)."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path != skip and secret in path.read_bytes():
            found.append(str(path))
    return found


@pytest.fixture
def cluster() -> PrivateCluster:  # type: ignore[misc]
    problem = cannot_start()
    if problem:
        if IN_CI:
            pytest.fail(f"CI needs a private PostgreSQL cluster for the password test: {problem}")
        pytest.skip(f"no private PostgreSQL cluster: {problem}")
    password = f"Wf-{secrets.token_urlsafe(18)}"
    with private_cluster(password) as started:
        yield started


def test_a_whole_session_leaves_the_password_only_in_the_keyring(
    cluster: PrivateCluster, tmp_path: Path
) -> None:
    secret = cluster.password
    home, vault = tmp_path / "home", tmp_path / "vault"
    home.mkdir()
    vault.mkdir()
    keyring_file = vault / "keyring.json"
    s = Session(home, keyring_file)
    where = f"PostgreSQL 127.0.0.1:{cluster.port}/{cluster.database}"

    set_url = s.run("config", "set", "database_url", cluster.url)
    assert set_url.code == 0, set_url.output

    # Nothing stored, no terminal: one line saying what to do (it used to be a traceback).
    no_tty = s.run("db", "current")
    assert no_tty.code == 1, no_tty.output
    assert no_tty.output.strip().splitlines() == [
        f"watchfloor: A password is needed for {where}: No password is stored for this database. There is no "
        "terminal to ask for it: run the command in a terminal, or store the password first with "
        "'watchfloor db password'."
    ]

    # On a terminal it is asked for (echo off), used, and not kept.
    upgrade = s.on_tty("-vv", "db", "upgrade", answer=secret, when="Database password: ")
    assert upgrade.code == 0, upgrade.output
    assert "The database wants a password. No password is stored for this database." in upgrade.output
    assert f"{where}: now at " in upgrade.output
    assert not keyring_file.exists()

    stored = s.on_tty("db", "password", answer=secret, when=f"Password for {where}: ")
    assert stored.code == 0, stored.output
    assert "Stored in the system keyring" in stored.output
    assert json.loads(keyring_file.read_text(encoding="utf-8")) == {
        f"watchfloor\n{cluster.role}@127.0.0.1:{cluster.port}/{cluster.database}": secret
    }

    # From the keyring, without a word: the demo floor, then the simulator, the check and the console at once.
    demo = s.run("demo", "--days", "1")
    assert demo.code == 0, demo.output
    assert "Demo floor created" in demo.output
    simulate = s.start("-vv", "simulate", "--duration", "2", "--seed", "3")
    check = s.start("-v", "self-check")
    console = s.start("-v")
    log_file = home / "log" / "watchfloor.log"
    end = time.monotonic() + CONSOLE_UP_S
    while not (log_file.exists() and CONSOLE_LOADED in log_file.read_text(encoding="utf-8")):
        assert console.poll() is None, s.finish(console).output
        assert time.monotonic() < end, "the console did not load"
        time.sleep(0.2)
    time.sleep(1.5)  # the live link (its own LISTEN connection, same password) steps a few times
    console.send_signal(signal.SIGTERM)  # closes the window as its close button does (layout saved)
    for proc, name in ((simulate, "simulate"), (check, "self-check"), (console, "console")):
        ran = s.finish(proc)
        assert ran.code == 0, (name, ran.output)
        assert "wants a password" not in ran.output, (name, ran.output)  # taken from the keyring silently
    assert "Simulator stopped" in s.runs[-3].output
    assert "OK" in s.runs[-2].output.splitlines()
    assert (home / "config" / "layout.ini").exists()  # the console closed its window, saving the layout
    assert "change feed offline" not in log_file.read_text(encoding="utf-8")

    show = s.run("config", "show")
    assert show.code == 0, show.output
    assert f"database_url = '{cluster.url}'" in show.output

    # The password: in the keyring's file, and nowhere else.
    needle = secret.encode()
    assert needle in keyring_file.read_bytes()
    leaks = [f"output of watchfloor {' '.join(r.args)}" for r in s.runs if secret in r.output]
    leaks += files_holding(tmp_path, needle, skip=keyring_file)  # settings, layout, logs, all under HOME
    leaks += files_holding(cluster.folder, needle)  # the server's log and data (SCRAM keeps a verifier)
    assert leaks == []
    assert (home / "config" / "config.toml").read_text(encoding="utf-8").count(cluster.url) == 1
