"""The audit trail in plain words: names, roles, sentences and item titles, filters and CSV."""

from __future__ import annotations

import csv
import io

import pytest

from tests.assessment.test_assessment_flow import P1, _decide, _submitted_evidence, _team
from tests.support.people import People

pytestmark = pytest.mark.usefixtures("bundled_standards")


async def test_a_decision_reads_as_a_sentence_with_names_roles_and_the_item_title(people: People) -> None:
    admin, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1])
    await _decide(assessor, scope, rid, "accepted", {P1: "met"})
    entries = (await admin.client.get("/api/audit/trail?kind=assessment")).json()
    [decision] = entries
    assert decision["who"] == assessor.user.display_name and decision["role"] == "assessor"
    assert decision["sentence"] == "Accepted “Supported a family visit” (1 met)."
    assert (decision["item_title"], decision["evidence_id"]) == ("Supported a family visit", rid)
    assert (decision["worker_id"], decision["worker_name"]) == (worker.id, worker.user.display_name)
    assert decision["subject_id"] == rid  # ids stay for support


async def test_the_trail_filters_by_worker_person_kind_and_date_and_exports_csv(people: People) -> None:
    admin, worker, assessor, qa = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1])
    await _decide(assessor, scope, rid, "referred", feedback="Say how you asked.")
    everything = (await admin.client.get("/api/audit/trail")).json()
    assert "assessment" in {e["kind"] for e in everything}
    mine = (await qa.client.get(f"/api/audit/trail?actor_id={assessor.id}")).json()
    assert [e["sentence"] for e in mine] == ["Referred “Supported a family visit” back to the worker."]
    about = (await admin.client.get(f"/api/audit/trail?worker_id={worker.id}")).json()
    assert {e["worker_id"] for e in about} == {worker.id} and len(about) == 1
    assert (await admin.client.get(f"/api/audit/trail?worker_id={admin.id}")).json() == []
    assert (await admin.client.get("/api/audit/trail?until=2000-01-01")).json() == []
    answer = await admin.client.get(f"/api/audit/trail.csv?actor_id={assessor.id}")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["who"], r["role"], r["item"]) for r in rows] == [
        (assessor.user.display_name, "assessor", "Supported a family visit")]


async def test_a_bad_filter_is_a_precise_422(people: People) -> None:
    admin, *_ = await _team(people)
    for query in ("kind=everything", "since=yesterday", "worker_id=x"):
        answer = await admin.client.get(f"/api/audit/trail?{query}")
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_query", query
