"""/metrics: prometheus_client's text format, async gauges, request metrics by route template,
the standard process metrics with their right types, who may read it."""

from __future__ import annotations

import httpx
import msgspec
import pytest

from base import metrics
from server.app import create_app


async def test_counters_render_in_the_prometheus_text_format() -> None:
    registry = metrics.Registry()
    results = registry.counter("sync_mutations_total", "Mutations by result.", ["result"])
    results.inc(result="applied")
    results.inc(2, result="applied")
    results.inc(result="rejected")
    text = await registry.render()
    assert text.splitlines() == [
        "# HELP sync_mutations_total Mutations by result.",
        "# TYPE sync_mutations_total counter",
        'sync_mutations_total{result="applied"} 3.0',
        'sync_mutations_total{result="rejected"} 1.0',
    ]


async def test_histogram_buckets_are_cumulative_with_sum_and_count() -> None:
    registry = metrics.Registry()
    pulled = registry.histogram("pull_records", "Records per pull.", buckets=(10, 100))
    for value in (1, 5, 50, 500):
        pulled.observe(value)
    lines = (await registry.render()).splitlines()[2:]
    assert lines == [
        'pull_records_bucket{le="10.0"} 2.0',
        'pull_records_bucket{le="100.0"} 3.0',
        'pull_records_bucket{le="+Inf"} 4.0',
        "pull_records_count 4.0",
        "pull_records_sum 556.0",
    ]


async def test_a_gauge_may_be_async_and_a_failing_one_is_left_out_of_the_scrape() -> None:
    registry = metrics.Registry()

    async def queue_ages() -> dict[tuple[str, ...], float]:
        return {("assessment",): 3600.5, ("push",): 12.0}

    def broken() -> float:
        raise RuntimeError("database away")

    registry.gauge("queue_oldest_seconds", "Oldest item per queue.", ["queue"], callback=queue_ages)
    registry.gauge("broken_gauge", "Fails.", callback=broken)
    text = await registry.render()
    assert 'queue_oldest_seconds{queue="assessment"} 3600.5' in text
    assert 'queue_oldest_seconds{queue="push"} 12.0' in text
    assert not [line for line in text.splitlines() if line.startswith("broken_gauge")]


def test_declaring_a_metric_again_returns_it_and_a_different_declaration_raises() -> None:
    registry = metrics.Registry()
    first = registry.counter("pushes_total", "Pushes.", ["result"])
    assert registry.counter("pushes_total", "Pushes.", ["result"]) is first
    with pytest.raises(ValueError, match="declared differently"):
        registry.counter("pushes_total", "Pushes.", ["outcome"])
    with pytest.raises(ValueError, match="declared differently"):
        registry.histogram("pushes_total", "Pushes.", ["result"])


def test_wrong_labels_and_negative_increments_are_refused() -> None:
    registry = metrics.Registry()
    sent = registry.counter("push_notifications_total", "Sent.", ["outcome"])
    with pytest.raises(ValueError, match="label names"):
        sent.inc(result="sent")
    with pytest.raises(ValueError, match="non-negative"):
        sent.inc(-1, outcome="sent")
    with pytest.raises(ValueError, match="invalid metric name"):
        registry.counter("push-notifications", "Bad name.")


async def test_label_values_are_escaped() -> None:
    registry = metrics.Registry()
    registry.counter("odd_total", "Odd.", ["value"]).inc(value='a "b"\\c\nd')
    assert 'odd_total{value="a \\"b\\"\\\\c\\nd"} 1.0' in await registry.render()


async def test_requests_are_counted_by_route_template_and_status(client: httpx.AsyncClient) -> None:
    before = metrics.REGISTRY.metrics["carefolio_http_requests_total"]
    route = "/api/me/devices/{session_id:id}"
    counted = before.value(method="DELETE", route=route, status="401")  # type: ignore[union-attr]
    await client.delete("/api/me/devices/12345")
    answer = await client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    line = (f'carefolio_http_requests_total{{method="DELETE",route="{route}",status="401"}} '
            f"{counted + 1}")
    assert line in answer.text.splitlines()
    assert "12345" not in answer.text
    assert [line for line in answer.text.splitlines()
            if line.startswith("carefolio_http_request_duration_seconds_bucket{")
            and f'method="DELETE",route="{route}"' in line]
    assert "process_resident_memory_bytes " in answer.text


async def test_the_standard_process_metrics_have_their_prometheus_types(client: httpx.AsyncClient) -> None:
    text = (await client.get("/metrics")).text.splitlines()
    assert "# TYPE process_cpu_seconds_total counter" in text
    for name in ("process_resident_memory_bytes", "process_start_time_seconds",
                 "process_open_fds"):
        assert f"# TYPE {name} gauge" in text
    assert not [line for line in text if "_created" in line]


async def test_metrics_through_a_proxy_are_refused_without_the_token(client: httpx.AsyncClient) -> None:
    answer = await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "metrics_forbidden"


async def test_with_a_token_set_metrics_need_it_even_on_loopback(database: str, settings) -> None:  # type: ignore[no-untyped-def]
    app = create_app(msgspec.structs.replace(settings, metrics_token="s3cret-scrape"),
                     manage_database=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            assert (await http.get("/metrics")).status_code == 403
            wrong = {"Authorization": "Bearer nope"}
            assert (await http.get("/metrics", headers=wrong)).status_code == 403
            right = {"Authorization": "Bearer s3cret-scrape", "X-Forwarded-For": "203.0.113.9"}
            assert (await http.get("/metrics", headers=right)).status_code == 200
