"""Seed an assessor's caseload on a live demo server through its public API: learners
invited and enrolled with the demo assessor by the demo administrator, evidence pushed by each
learner, judged by the assessor through sync. Used by tests/browser/test_assessor_caseload.py
(a small seed) and bench/pwa.py (40 learners, 2,000 items)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from server.demo import DEMO_PASSWORD
from tests.browser.test_worker_support import ASSESSOR, SYNC_HEADERS, Api
from tests.support.live_server import LiveServer

ADMIN = "admin@demo.carefolio"


@dataclass
class Learner:
    user_id: int
    name: str
    scope: str
    http: httpx.Client
    device_id: str
    n: int = 0
    items: list[str] = field(default_factory=list)

    def push(self, mutations: list[dict[str, Any]]) -> None:
        for start in range(0, len(mutations), 500):
            numbered = []
            for m in mutations[start:start + 500]:
                self.n += 1
                numbered.append({**m, "n": self.n})
            answer = self.http.post("/sync/push", json={"device_id": self.device_id, "mutations": numbered})
            answer.raise_for_status()
            bad = [r for r in answer.json()["results"] if r["result"] != "applied"]
            assert not bad, bad


def criteria_keys(api: Api, code: str) -> list[str]:
    answer = api.http.get("/api/standards")
    answer.raise_for_status()
    standard = next(s for s in answer.json()["standards"] if s["code"] == code)
    return [f"{code}/{standard['version']}/{c['ref']}" for c in standard["criteria"]]


def add_learner(server: LiveServer, admin: Api, assessor_id: int, name: str, email: str,
                standards: list[str], start: str) -> Learner:
    """Invite a worker, accept the invitation as them, enrol them with the assessor."""
    invite = admin.http.post("/api/admin/invites", json={"email": email, "role": "worker", "display_name": name})
    invite.raise_for_status()
    http = httpx.Client(base_url=server.url, timeout=30)
    accepted = http.post("/api/invites/accept", headers={"X-Carefolio": "1"}, json={
        "token": invite.json()["token"], "display_name": name, "password": DEMO_PASSWORD, "client": "api"})
    accepted.raise_for_status()
    me = accepted.json()
    http.headers.update({"Authorization": f"Bearer {me['token']}", **SYNC_HEADERS})
    for code in standards:
        enrolled = admin.http.post("/api/admin/enrolments", json={
            "worker_id": me["user_id"], "standard_code": code, "start_date": start,
            "assessor_id": assessor_id, "review_rule": "weeks_12"})
        enrolled.raise_for_status()
    return Learner(me["user_id"], name, f"portfolio:{me['user_id']}", http, me["device_id"])


def evidence(rid: str, title: str, occurred: str, criteria: list[str], scope: str) -> dict[str, Any]:
    return {"op": "create", "scope": scope, "entity": "evidence", "id": rid, "fields": {
        "kind": "observation", "title": title, "occurred_at": occurred,
        "description": "I supported the person with their routine and asked what they wanted.",
        "criteria": criteria}}


def submit(rid: str, scope: str) -> dict[str, Any]:
    return {"op": "transition", "scope": scope, "entity": "evidence", "id": rid, "to": "submitted"}


def accept(rid: str, scope: str, judgements: dict[str, str]) -> list[dict[str, Any]]:
    return [{"op": "create", "scope": scope, "entity": "decision", "id": f"d-{rid}", "fields": {
                "evidence_id": rid, "outcome": "accepted", "judgements": judgements,
                "decided_at": "2026-02-02T10:00:00Z"}},
            {"op": "transition", "scope": scope, "entity": "evidence", "id": rid, "to": "accepted"}]


def big_caseload(server: LiveServer, learners: int, items: int, pick: Callable[[list[str], int], list[str]],
                 ) -> list[Learner]:
    """`learners` learners with `items` items in all: a fifth of them waiting, half accepted
    (every linked criterion judged met), the rest drafts."""
    with Api(server, ADMIN) as admin, Api(server, ASSESSOR) as assessor:
        keys = criteria_keys(assessor, "SCDHSC0389")
        made = [add_learner(server, admin, assessor.user_id, f"Learner {i:02d}", f"learner{i:02d}@bench.carefolio",
                            ["SCDHSC0389"], f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}") for i in range(learners)]
        decisions: list[dict[str, Any]] = []
        for w, learner in enumerate(made):
            mutations: list[dict[str, Any]] = []
            for i in range(items // learners):
                rid = f"b{w:02d}-{i:04d}"
                linked = pick(keys, 3)
                mutations.append(evidence(rid, f"Practice note {i}", f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", linked, learner.scope))
                if i % 5 in (0, 1, 2, 3):
                    mutations.append(submit(rid, learner.scope))
                if i % 5 in (1, 2, 3):
                    decisions += accept(rid, learner.scope, dict.fromkeys(linked, "met"))
            learner.push(mutations)
            learner.http.close()
        for start in range(0, len(decisions), 500):
            results = assessor.push(*decisions[start:start + 500])
            assert all(r["result"] == "applied" for r in results), results
        return made
