"""A private PostgreSQL cluster for one test: its own data folder, a free port on 127.0.0.1, password
(SCRAM) authentication over TCP, and a role with a password.

The shared test server trusts every connection, so it cannot show what happens when a password is needed.
``initdb`` refuses to run as root: as root (CI) the cluster is made and run by the unprivileged user
``nobody`` (``runuser``) in a folder it owns; as anyone else, by that user. The superuser connects only over
the cluster's own Unix socket (trust); TCP wants the password.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

BIN_DIRS = ("/usr/local/bin", "/usr/lib/postgresql/15/bin")
RUN_AS = "nobody"


@dataclass(frozen=True)
class PrivateCluster:
    port: int
    role: str
    password: str
    database: str
    folder: Path  # data, socket and server log

    @property
    def url(self) -> str:
        """The address a workstation is configured with: no password in it."""
        return f"postgresql://{self.role}@127.0.0.1:{self.port}/{self.database}"

    @property
    def server_log(self) -> Path:
        return self.folder / "server.log"


def _binary(name: str) -> str | None:
    for folder in BIN_DIRS:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    return shutil.which(name)


def cannot_start() -> str | None:
    """Why a private cluster cannot be started here, or ``None``."""
    if _binary("initdb") is None or _binary("pg_ctl") is None:
        return "initdb / pg_ctl not found"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser"
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            return f"running as root and there is no user {RUN_AS!r} to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def private_cluster(password: str, role: str = "floor", database: str = "floor") -> Iterator[PrivateCluster]:
    """Start the cluster, yield it, stop it and remove its folder (whatever happened)."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    assert initdb, "see cannot_start()"
    assert pg_ctl, "see cannot_start()"
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="watchfloor-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam(RUN_AS)
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", RUN_AS, "--"]
    data = folder / "data"
    port = _free_port()

    def as_owner(*argv: str) -> None:
        subprocess.run([*prefix, *argv], check=True, capture_output=True, text=True, timeout=60, cwd=folder)

    try:
        as_owner(
            initdb, "-D", str(data), "-U", "postgres", "-E", "UTF8", "--no-instructions", "--no-sync",
            "--auth-local=trust", "--auth-host=scram-sha-256",
        )  # fmt: skip
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c shared_buffers=16MB -c max_connections=40"
        )
        as_owner(
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "start",
        )
        try:
            with psycopg.connect(
                host=str(folder), port=port, user="postgres", dbname="postgres", autocommit=True
            ) as admin:
                admin.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                        sql.Identifier(role), sql.Literal(password)
                    )
                )
                admin.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(
                        sql.Identifier(database), sql.Identifier(role)
                    )
                )
            yield PrivateCluster(port, role, password, database, folder)
        finally:
            subprocess.run(
                [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
                check=False,
                cwd=folder,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
