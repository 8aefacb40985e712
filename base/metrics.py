"""Prometheus metrics through `prometheus_client`: its registry, its text format and its
standard process collector, behind the three calls every module uses.

    from base import metrics

    RESULTS = metrics.counter("carefolio_sync_mutations_total", "Pushed mutations by result.",
                              ["result"])
    RESULTS.inc(result="applied")

    PULLED = metrics.histogram("carefolio_sync_pull_records", "Records per pull.",
                               buckets=(0, 10, 100, 1000, 5000))
    PULLED.observe(len(records))

    async def oldest_waiting() -> float: ...
    metrics.gauge("carefolio_assessment_queue_oldest_seconds", "Age of the oldest ...",
                  callback=oldest_waiting)

Declaring the same metric twice (a module imported again) returns the first one; declaring
one name with another kind or other labels is a programming error and raises. Label values
must come from small closed sets (a route template, a result code): never ids or text.
A gauge is read when scraped, from a callback that may be async (a database query), so
`render()` is async: it awaits the callbacks, then lets prometheus_client write the text.
Metrics live in the process: every process of a deployment is scraped on its own. Every
metric is listed in docs/operations.md (tests/test_docs.py checks it).
"""

from __future__ import annotations

import hmac
import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence

import prometheus_client
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

log = logging.getLogger("carefolio.metrics")

NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")  # classic names only (see CONTENT_TYPE)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# The classic text format: every name here is a legacy Prometheus name, so the text is the same.
CONTENT_TYPE = prometheus_client.CONTENT_TYPE_PLAIN_0_0_4
LOOPBACK = frozenset({"127.0.0.1", "::1"})

LabelValues = tuple[str, ...]
Samples = float | Mapping[LabelValues, float]
GaugeCallback = Callable[[], Samples | Awaitable[Samples]]

prometheus_client.disable_created_metrics()  # no `_created` series beside every counter


class Counter:
    kind = "counter"

    def __init__(self, registry: Registry, name: str, help: str, labels: Sequence[str]) -> None:
        self.name, self.labels, self._registry = name, tuple(labels), registry
        self._metric = prometheus_client.Counter(name, help, self.labels,
                                                 registry=registry.collectors)

    def inc(self, amount: float = 1.0, **labels: object) -> None:
        (self._metric.labels(**labels) if self.labels else self._metric).inc(amount)

    def value(self, **labels: object) -> float:
        sample = self._registry.collectors.get_sample_value(
            self.name if self.name.endswith("_total") else f"{self.name}_total",
            {k: str(v) for k, v in labels.items()})
        return sample or 0.0


class Histogram:
    kind = "histogram"

    def __init__(self, registry: Registry, name: str, help: str, labels: Sequence[str],
                 buckets: Sequence[float]) -> None:
        self.name, self.labels, self._registry = name, tuple(labels), registry
        self._metric = prometheus_client.Histogram(name, help, self.labels, buckets=buckets,
                                                   registry=registry.collectors)

    def observe(self, value: float, **labels: object) -> None:
        (self._metric.labels(**labels) if self.labels else self._metric).observe(value)

    def count(self, **labels: object) -> int:
        sample = self._registry.collectors.get_sample_value(
            f"{self.name}_count", {k: str(v) for k, v in labels.items()})
        return int(sample or 0)


class Gauge:
    """A value read when scraped, from a callback (sync or async) that returns a number, or a
    mapping of label values to numbers. A failing callback leaves its gauge out of that scrape."""

    kind = "gauge"

    def __init__(self, name: str, help: str, labels: Sequence[str],
                 callback: GaugeCallback) -> None:
        self.name, self.help, self.labels, self.callback = name, help, tuple(labels), callback

    async def read(self) -> GaugeMetricFamily | None:
        try:
            result = self.callback()
            samples = await result if inspect.isawaitable(result) else result
        except Exception:  # noqa: BLE001 - one broken gauge must not break the scrape
            log.warning("gauge %s failed", self.name, exc_info=True)
            return None
        if isinstance(samples, int | float):
            samples = {(): float(samples)}
        family = GaugeMetricFamily(self.name, self.help, labels=self.labels)
        for values, value in sorted(samples.items()):
            family.add_metric(list(values), value)
        return family


class _ReadGauges(Collector):
    """Hands prometheus_client the gauges that render() has just read."""

    def __init__(self) -> None:
        self.families: list[Metric] = []

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


class Registry:
    def __init__(self, process: bool = False) -> None:
        self.collectors = prometheus_client.CollectorRegistry()
        self.metrics: dict[str, Counter | Histogram | Gauge] = {}
        self._gauges = _ReadGauges()
        self.collectors.register(self._gauges)
        if process:  # process_cpu_seconds_total (a counter), memory, open files, start time
            prometheus_client.ProcessCollector(registry=self.collectors)

    def _known(self, name: str, kind: str,
               labels: tuple[str, ...]) -> Counter | Histogram | Gauge | None:
        if not NAME.match(name):
            raise ValueError(f"invalid metric name {name!r}")
        known = self.metrics.get(name)
        if known is not None and (known.kind != kind or known.labels != labels):
            raise ValueError(f"metric {name} is already declared differently")
        return known

    def counter(self, name: str, help: str, labels: Iterable[str] = ()) -> Counter:
        known = self._known(name, "counter", tuple(labels))
        if known is None:
            known = self.metrics[name] = Counter(self, name, help, tuple(labels))
        assert isinstance(known, Counter)
        return known

    def histogram(self, name: str, help: str, labels: Iterable[str] = (),
                  buckets: Sequence[float] = LATENCY_BUCKETS) -> Histogram:
        known = self._known(name, "histogram", tuple(labels))
        if known is None:
            known = self.metrics[name] = Histogram(self, name, help, tuple(labels), buckets)
        assert isinstance(known, Histogram)
        return known

    def gauge(self, name: str, help: str, labels: Iterable[str] = (), *,
              callback: GaugeCallback) -> Gauge:
        known = self._known(name, "gauge", tuple(labels))
        if known is None:
            known = self.metrics[name] = Gauge(name, help, tuple(labels), callback)
        assert isinstance(known, Gauge)
        known.callback = callback
        return known

    async def render(self) -> str:
        read = [await gauge.read() for gauge in self.metrics.values() if isinstance(gauge, Gauge)]
        # No await from here on: a scrape running beside this one cannot swap the gauges.
        self._gauges.families = [family for family in read if family is not None]
        return prometheus_client.generate_latest(self.collectors).decode()


REGISTRY = Registry(process=True)
counter = REGISTRY.counter
histogram = REGISTRY.histogram
gauge = REGISTRY.gauge
render = REGISTRY.render


def may_read(token: str, authorization: str | None, client_host: str | None,
             forwarded: bool) -> bool:
    """Who may read /metrics: with a token set, whoever sends it as a bearer token; without
    one, only a scraper on this machine talking to the process directly (not via a proxy)."""
    if token:
        sent = (authorization or "").removeprefix("Bearer ").removeprefix("bearer ").strip()
        return hmac.compare_digest(sent.encode(), token.encode())
    return client_host in LOOPBACK and not forwarded
