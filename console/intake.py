"""Alert intake: Prometheus Alertmanager (webhook version 4) and Grafana alerting webhooks turned into
incidents, over HTTP with a bearer token kept in the OS keyring.

``watchfloor intake --new-token`` makes a token and keeps it in the keyring (printed once, to paste into the
receiver's ``authorization: credentials``); ``watchfloor intake --listen HOST:PORT`` serves ``POST /`` (any
path ending in ``/alertmanager`` or ``/grafana`` as well) with Python's own HTTP server (no hand-written HTTP
parsing).

Each firing alert opens an incident, or adds a hit to the one still worked for the same alert (dedup by the
alert's ``fingerprint``: the incident's dedup key is ``alert:<fingerprint>``); a resolved alert is recorded on
that incident's timeline. A request is checked whole before anything is written: a malformed body, a wrong
or missing token, a wrong method or path gets a 4xx and changes nothing. Labels read: ``severity``
(critical/high/warning/info, or P1-P4), ``category`` (one of the floor's incident categories; otherwise
:data:`DEFAULT_CATEGORY`), ``alertname``; annotations ``summary`` / ``title`` / ``description``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import keyring
import keyring.errors

from console.auth import Actor
from console.credentials import account
from console.db.engine import Database
from console.errors import WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP
from console.services import incidents

log = logging.getLogger(__name__)

TOKEN_SERVICE = "watchfloor-intake"
MAX_BODY = 1_000_000  # bytes; Alertmanager groups are small
DEFAULT_CATEGORY = "tooling_outage"
SEVERITIES = {
    "critical": 1, "page": 1, "p1": 1, "1": 1,
    "high": 2, "major": 2, "error": 2, "p2": 2, "2": 2,
    "warning": 3, "warn": 3, "medium": 3, "p3": 3, "3": 3,
    "info": 4, "low": 4, "minor": 4, "none": 4, "p4": 4, "4": 4,
}  # fmt: skip
DEFAULT_SEVERITY = 3
NO_TOKEN = QT_TRANSLATE_NOOP(
    "Errors", "No intake token is kept for this database: run 'watchfloor intake --new-token'."
)


class NoIntakeToken(WatchfloorError):
    text = NO_TOKEN


def token_account(db_url: str) -> str:
    return f"intake:{account(db_url)}"


def new_token(db_url: str) -> str:
    """A new random token for this database's intake, kept in the keyring (replacing any earlier one)."""
    value = secrets.token_urlsafe(32)
    keyring.set_password(TOKEN_SERVICE, token_account(db_url), value)
    return value


def stored_token(db_url: str) -> str | None:
    try:
        return keyring.get_password(TOKEN_SERVICE, token_account(db_url))
    except keyring.errors.KeyringError:
        return None


class BadRequest(Exception):
    """A request refused before anything was written: its HTTP status and why (English, for the sender)."""

    def __init__(self, status: HTTPStatus, why: str) -> None:
        super().__init__(why)
        self.status = status
        self.why = why


@dataclass(frozen=True)
class AlertIn:
    status: str  # firing | resolved
    fingerprint: str
    title: str
    category: str
    severity: int
    starts_at: datetime
    ends_at: datetime | None
    summary: str

    @property
    def dedup_key(self) -> str:
        return f"alert:{self.fingerprint}"[:200]


_FRACTION = re.compile(r"(\.\d{6})\d+")


def _moment(value: Any, what: str, index: int) -> datetime | None:
    if value in (None, "", "0001-01-01T00:00:00Z"):  # Alertmanager's "not set"
        return None
    if not isinstance(value, str):
        raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{index}].{what} is not a timestamp")
    text = _FRACTION.sub(r"\1", value.strip()).replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{index}].{what} is not a timestamp") from exc
    if moment.tzinfo is None:
        raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{index}].{what} has no time zone")
    return moment


def parse_payload(body: bytes) -> list[AlertIn]:
    """The alerts of an Alertmanager v4 or Grafana webhook body, all checked (:class:`BadRequest` if not)."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(HTTPStatus.BAD_REQUEST, f"the body is not JSON: {exc}") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("alerts"), list):
        raise BadRequest(HTTPStatus.BAD_REQUEST, "expected an object with an 'alerts' list")
    version = str(payload.get("version", ""))
    if "groupKey" in payload and version not in ("4", "1"):  # Alertmanager's, or Grafana's own
        raise BadRequest(HTTPStatus.BAD_REQUEST, f"webhook version {version!r} (4 expected)")
    out = []
    for i, alert in enumerate(payload["alerts"]):
        if not isinstance(alert, dict):
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{i}] is not an object")
        labels, notes = alert.get("labels"), alert.get("annotations", {}) or {}
        if not isinstance(labels, dict) or not isinstance(notes, dict):
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{i}] has no labels object")
        status = alert.get("status", payload.get("status"))
        if status not in ("firing", "resolved"):
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{i}].status {status!r}")
        starts = _moment(alert.get("startsAt"), "startsAt", i)
        if starts is None:
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{i}] has no startsAt")
        ends = _moment(alert.get("endsAt"), "endsAt", i)
        fingerprint = alert.get("fingerprint")
        if fingerprint is None:  # not in every sender's payload: the labels identify the alert
            canonical = json.dumps(sorted((str(k), str(v)) for k, v in labels.items()))
            fingerprint = hashlib.sha1(canonical.encode()).hexdigest()[:16]  # noqa: S324 - an id, not a secret
        if not isinstance(fingerprint, str) or not fingerprint.strip():
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{i}].fingerprint")
        name = str(labels.get("alertname", "")).strip()
        title = str(notes.get("summary") or notes.get("title") or name or "").strip()
        if not title:
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"alerts[{i}] has neither a summary nor an alertname")
        category = str(labels.get("category", "")).strip()
        out.append(
            AlertIn(
                status=status,
                fingerprint=fingerprint.strip(),
                title=title[:200],
                category=category if category in incidents.CATEGORIES else DEFAULT_CATEGORY,
                severity=SEVERITIES.get(str(labels.get("severity", "")).strip().lower(), DEFAULT_SEVERITY),
                starts_at=starts,
                ends_at=ends,
                summary=str(notes.get("description", "")).strip(),
            )
        )
    return out


@dataclass
class IntakeResult:
    opened: int = 0
    repeated: int = 0
    resolved: int = 0
    ignored: int = 0  # resolved alerts whose incident is no longer worked (or never was)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def apply_alerts(db: Database, actor: Actor, alerts: list[AlertIn]) -> IntakeResult:
    """Open or update an incident per firing alert; note a resolved one on its incident."""
    from sqlalchemy import select

    from console.db.models import Incident

    result = IntakeResult()
    for alert in alerts:
        if alert.status == "firing":
            with db.reading() as s:
                before = s.scalar(
                    select(Incident.id).where(
                        Incident.dedup_key == alert.dedup_key, Incident.status.in_(incidents.OPEN_STATUSES)
                    )
                )
            incidents.open_incident(
                db,
                actor,
                title=alert.title,
                category=alert.category,
                severity=alert.severity,
                summary=alert.summary,
                at=alert.starts_at if before is None else None,
                dedup_key=alert.dedup_key,
            )
            if before is None:
                result.opened += 1
            else:
                result.repeated += 1
            continue
        with db.reading() as s:
            target = s.scalar(
                select(Incident.id).where(
                    Incident.dedup_key == alert.dedup_key, Incident.status.in_(incidents.OPEN_STATUSES)
                )
            )
        if target is None:
            result.ignored += 1
            continue
        ended = (alert.ends_at or alert.starts_at).isoformat()
        incidents.add_note(db, actor, target, f"Alert resolved upstream at {ended}: {alert.title}")
        result.resolved += 1
    return result


def make_server(db: Database, actor: Actor, host: str, port: int, token: str) -> ThreadingHTTPServer:
    """An HTTP server (not yet serving) that takes webhook POSTs with ``Authorization: Bearer <token>``."""
    expected = f"Bearer {token}".encode()
    lock = threading.Lock()  # one request's writes at a time: dedup and hit counts in arrival order

    class Handler(BaseHTTPRequestHandler):
        server_version = "WatchfloorIntake/1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            log.info("intake %s: " + format, self.address_string(), *args)

        def _answer(self, status: HTTPStatus, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the base class's naming
            if self.path.rstrip("/") in ("", "/-/healthy"):
                self._answer(HTTPStatus.OK, {"status": "ok"})
            else:
                self._answer(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            try:
                path = self.path.split("?", 1)[0].rstrip("/")
                if path not in ("", "/alertmanager", "/grafana", "/api/alerts"):
                    raise BadRequest(HTTPStatus.NOT_FOUND, f"no intake at {path}")
                given = (self.headers.get("Authorization") or "").encode()
                if not hmac.compare_digest(given, expected):
                    raise BadRequest(HTTPStatus.UNAUTHORIZED, "missing or wrong bearer token")
                length = int(self.headers.get("Content-Length") or 0)
                if length <= 0:
                    raise BadRequest(HTTPStatus.LENGTH_REQUIRED, "a body with a Content-Length is required")
                if length > MAX_BODY:
                    raise BadRequest(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"more than {MAX_BODY} bytes")
                alerts = parse_payload(self.rfile.read(length))
                with lock:
                    result = apply_alerts(db, actor, alerts)
            except BadRequest as exc:
                self._answer(exc.status, {"error": exc.why})
                return
            except WatchfloorError as exc:  # the database refused (offline, a role taken away): try again
                self._answer(HTTPStatus.SERVICE_UNAVAILABLE, {"error": exc.english()})
                return
            self._answer(HTTPStatus.OK, result.as_dict())

    return ThreadingHTTPServer((host, port), Handler)
