"""Alert intake over HTTP: real Alertmanager v4 and Grafana payloads open or update incidents (dedup by
fingerprint), a resolved alert is noted; bad JSON, a wrong token, a wrong path get 4xx and change nothing."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from console import intake
from console.auth import SYSTEM
from console.db.engine import Database
from console.db.models import Incident, IncidentEvent
from tests.factories import SmallFloor, build_small_floor, floor_now

# From the Alertmanager documentation's webhook payload (version 4), with the floor's labels.
ALERTMANAGER = {
    "version": "4",
    "groupKey": '{}:{alertname="WithdrawalsToNewAddresses"}',
    "truncatedAlerts": 0,
    "status": "firing",
    "receiver": "watchfloor",
    "groupLabels": {"alertname": "WithdrawalsToNewAddresses"},
    "commonLabels": {"alertname": "WithdrawalsToNewAddresses", "severity": "critical"},
    "commonAnnotations": {},
    "externalURL": "http://alertmanager.risk.internal:9093",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "WithdrawalsToNewAddresses",
                "severity": "critical",
                "category": "withdrawal_anomaly",
                "instance": "wd-risk-1:9100",
            },
            "annotations": {
                "summary": "Withdrawals to first-seen addresses at 4x the weekly baseline",
                "description": "wd.new_address_withdrawals 412/h against a baseline of 96/h",
            },
            "startsAt": "2026-11-25T11:00:00.123456789Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.risk.internal:9090/graph?g0.expr=...",
            "fingerprint": "c6f2a5e8d1b4a3f0",
        }
    ],
}
# From Grafana's documentation of the webhook contact point (unified alerting).
GRAFANA = {
    "receiver": "watchfloor",
    "status": "firing",
    "orgId": 1,
    "alerts": [
        {
            "status": "firing",
            "labels": {"alertname": "High memory usage", "team": "blue", "zone": "us-1"},
            "annotations": {
                "description": "The system has high memory usage",
                "runbook_url": "https://myrunbook.com/runbook/1234",
                "summary": "This alert was triggered for zone us-1",
            },
            "startsAt": "2021-10-12T09:51:03.157076+02:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://play.grafana.org/alerting/1afz29v7z/edit",
            "fingerprint": "c6eadffa33fcdf37",
            "silenceURL": "https://play.grafana.org/alerting/silence/new?alertmanager=grafana",
            "dashboardURL": "",
            "panelURL": "",
            "values": {"B": 44.23943737541908, "C": 1},
        }
    ],
    "groupLabels": {},
    "commonLabels": {"team": "blue"},
    "commonAnnotations": {},
    "externalURL": "https://play.grafana.org/",
    "version": "1",
    "groupKey": "{}:{}",
    "truncatedAlerts": 0,
    "title": "[FIRING:1]  (blue)",
    "state": "alerting",
    "message": "**Firing**\n\nLabels:\n - alertname = High memory usage",
}
TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


@pytest.fixture
def server(db: Database, small: SmallFloor) -> Iterator[str]:
    srv = intake.make_server(db, SYSTEM, "127.0.0.1", 0, TOKEN)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def post(
    url: str, body: Any, token: str | None = TOKEN, path: str = "/alertmanager"
) -> tuple[int, dict[str, Any]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method="POST")
    req.add_header("Content-Type", "application/json")
    if token is not None:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def alert_incidents(db: Database) -> list[Incident]:
    with db.reading() as s:
        return list(
            s.scalars(select(Incident).where(Incident.dedup_key.like("alert:%")).order_by(Incident.id))
        )


def test_alertmanager_and_grafana_alerts_open_incidents_once(db: Database, server: str) -> None:
    assert post(server, ALERTMANAGER) == (200, {"opened": 1, "repeated": 0, "resolved": 0, "ignored": 0})
    assert post(server, GRAFANA, path="/grafana") == (
        200,
        {"opened": 1, "repeated": 0, "resolved": 0, "ignored": 0},
    )
    am, gf = alert_incidents(db)
    assert (am.title, am.category, am.severity, am.dedup_key) == (
        "Withdrawals to first-seen addresses at 4x the weekly baseline",
        "withdrawal_anomaly",
        1,
        "alert:c6f2a5e8d1b4a3f0",
    )
    assert am.opened_at.isoformat() == "2026-11-25T11:00:00.123456+00:00"
    assert am.summary.startswith("wd.new_address_withdrawals")
    assert (gf.title, gf.category, gf.severity) == (
        "This alert was triggered for zone us-1",
        "tooling_outage",
        3,
    )
    # A replay (Alertmanager re-sends firing alerts) adds a hit to the same incident.
    assert post(server, ALERTMANAGER)[1]["repeated"] == 1
    am, _ = alert_incidents(db)
    assert am.hit_count == 2
    # Resolved: noted on the incident's timeline; for an alert with no worked incident, ignored.
    resolved = json.loads(json.dumps(ALERTMANAGER))
    resolved["status"] = resolved["alerts"][0]["status"] = "resolved"
    resolved["alerts"][0]["endsAt"] = "2026-11-25T11:42:00Z"
    assert post(server, resolved)[1] == {"opened": 0, "repeated": 0, "resolved": 1, "ignored": 0}
    resolved["alerts"][0]["fingerprint"] = "0000000000000000"
    assert post(server, resolved)[1]["ignored"] == 1
    with db.reading() as s:
        notes = list(
            s.scalars(
                select(IncidentEvent.message).where(
                    IncidentEvent.incident_id == am.id, IncidentEvent.kind == "note"
                )
            )
        )
    assert notes == ["Alert resolved upstream at 2026-11-25T11:42:00+00:00: " + am.title]


@pytest.mark.parametrize(
    ("body", "token", "path", "status"),
    [
        (ALERTMANAGER, None, "/alertmanager", 401),
        (ALERTMANAGER, "wrong", "/alertmanager", 401),
        (ALERTMANAGER, TOKEN, "/elsewhere", 404),
        (b"{not json", TOKEN, "/alertmanager", 400),
        ({"alerts": "many"}, TOKEN, "/alertmanager", 400),
        ({**ALERTMANAGER, "version": "3"}, TOKEN, "/alertmanager", 400),
        ({"alerts": [{"status": "firing", "labels": {"alertname": "X"}}]}, TOKEN, "/", 400),  # no startsAt
        (
            {
                "alerts": [
                    ALERTMANAGER["alerts"][0],
                    {"status": "maybe", "labels": {}, "startsAt": "2026-11-25T11:00:00Z"},
                ]
            },  # type: ignore[index]
            TOKEN,
            "/alertmanager",
            400,
        ),
    ],
)
def test_bad_requests_change_nothing(
    db: Database, server: str, body: Any, token: str | None, path: str, status: int
) -> None:
    with db.reading() as s:
        before = s.scalar(select(func.count()).select_from(Incident))
    code, answer = post(server, body, token, path)
    assert code == status
    assert answer["error"]
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Incident)) == before


def test_the_token_lives_in_the_keyring(memory_keyring: Any) -> None:
    url = "postgresql+psycopg://ana@db.floor.internal:5432/watchfloor"
    assert intake.stored_token(url) is None
    made = intake.new_token(url)
    assert len(made) >= 40
    assert intake.stored_token(url) == made
    assert intake.new_token(url) != made  # a new one replaces it
