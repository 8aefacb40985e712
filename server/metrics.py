"""Prometheus metrics: a tiny registry any module adds to, rendered in the text format 0.0.4.

    from server import metrics

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
Metrics live in the process: every process of a deployment is scraped on its own.
"""

from __future__ import annotations

import hmac
import inspect
import logging
import math
import os
import re
from bisect import bisect_left
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence

log = logging.getLogger("carefolio.metrics")

NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LOOPBACK = frozenset({"127.0.0.1", "::1"})

LabelValues = tuple[str, ...]
Samples = float | Mapping[LabelValues, float]
GaugeCallback = Callable[[], Samples | Awaitable[Samples]]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return repr(float(value)) if value != int(value) else str(int(value))


def _labels(names: Sequence[str], values: Sequence[str], extra: str = "") -> str:
    pairs = [f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True)]
    if extra:
        pairs.append(extra)
    return "{" + ",".join(pairs) + "}" if pairs else ""


class _Metric:
    kind = ""

    def __init__(self, name: str, help: str, labels: Sequence[str]) -> None:
        if not NAME.match(name):
            raise ValueError(f"invalid metric name {name!r}")
        for label in labels:
            if not LABEL.match(label) or label.startswith("__") or label == "le":
                raise ValueError(f"invalid label name {label!r} on {name}")
        self.name = name
        self.help = help
        self.labels = tuple(labels)

    def key(self, values: Mapping[str, object]) -> LabelValues:
        if set(values) != set(self.labels):
            raise ValueError(f"{self.name} takes labels {self.labels}, got {sorted(values)}")
        return tuple(str(values[name]) for name in self.labels)

    def header(self) -> list[str]:
        help_text = self.help.replace("\\", "\\\\").replace("\n", "\\n")
        return [f"# HELP {self.name} {help_text}", f"# TYPE {self.name} {self.kind}"]


class Counter(_Metric):
    kind = "counter"

    def __init__(self, name: str, help: str, labels: Sequence[str]) -> None:
        super().__init__(name, help, labels)
        self.values: dict[LabelValues, float] = {}

    def inc(self, amount: float = 1.0, **labels: object) -> None:
        if amount < 0:
            raise ValueError("a counter only goes up")
        key = self.key(labels)
        self.values[key] = self.values.get(key, 0.0) + amount

    def value(self, **labels: object) -> float:
        return self.values.get(self.key(labels), 0.0)

    async def lines(self) -> list[str]:
        return [f"{self.name}{_labels(self.labels, k)} {_number(v)}"
                for k, v in sorted(self.values.items())]


class Histogram(_Metric):
    kind = "histogram"

    def __init__(self, name: str, help: str, labels: Sequence[str],
                 buckets: Sequence[float]) -> None:
        super().__init__(name, help, labels)
        if list(buckets) != sorted(set(buckets)) or not buckets:
            raise ValueError(f"{name}: buckets must be increasing and distinct")
        self.buckets = tuple(float(b) for b in buckets)
        self.counts: dict[LabelValues, list[int]] = {}
        self.sums: dict[LabelValues, float] = {}

    def observe(self, value: float, **labels: object) -> None:
        key = self.key(labels)
        counts = self.counts.setdefault(key, [0] * (len(self.buckets) + 1))
        counts[bisect_left(self.buckets, value)] += 1
        self.sums[key] = self.sums.get(key, 0.0) + value

    def count(self, **labels: object) -> int:
        return sum(self.counts.get(self.key(labels), []))

    async def lines(self) -> list[str]:
        out: list[str] = []
        for key, counts in sorted(self.counts.items()):
            running = 0
            for bound, n in zip([*self.buckets, math.inf], counts, strict=True):
                running += n
                le = f'le="{_number(bound)}"'
                out.append(f"{self.name}_bucket{_labels(self.labels, key, le)} {running}")
            out.append(f"{self.name}_sum{_labels(self.labels, key)} {_number(self.sums[key])}")
            out.append(f"{self.name}_count{_labels(self.labels, key)} {running}")
        return out


class Gauge(_Metric):
    """A value read when scraped, from a callback (sync or async) that returns a number, or a
    mapping of label values to numbers. A failing callback leaves its gauge out of that scrape."""

    kind = "gauge"

    def __init__(self, name: str, help: str, labels: Sequence[str],
                 callback: GaugeCallback) -> None:
        super().__init__(name, help, labels)
        self.callback = callback

    async def lines(self) -> list[str]:
        try:
            result = self.callback()
            samples = await result if inspect.isawaitable(result) else result
        except Exception:  # noqa: BLE001 - one broken gauge must not break the scrape
            log.warning("gauge %s failed", self.name, exc_info=True)
            return []
        if isinstance(samples, int | float):
            samples = {(): float(samples)}
        return [f"{self.name}{_labels(self.labels, k)} {_number(v)}"
                for k, v in sorted(samples.items())]


Metric = Counter | Histogram | Gauge


class Registry:
    def __init__(self) -> None:
        self.metrics: dict[str, Metric] = {}

    def _add(self, metric: Metric) -> Metric:
        known = self.metrics.get(metric.name)
        if known is None:
            self.metrics[metric.name] = metric
            return metric
        if type(known) is not type(metric) or known.labels != metric.labels:
            raise ValueError(f"metric {metric.name} is already declared differently")
        if isinstance(known, Gauge) and isinstance(metric, Gauge):
            known.callback = metric.callback
        return known

    def counter(self, name: str, help: str, labels: Iterable[str] = ()) -> Counter:
        metric = self._add(Counter(name, help, tuple(labels)))
        assert isinstance(metric, Counter)
        return metric

    def histogram(self, name: str, help: str, labels: Iterable[str] = (),
                  buckets: Sequence[float] = LATENCY_BUCKETS) -> Histogram:
        metric = self._add(Histogram(name, help, tuple(labels), buckets))
        assert isinstance(metric, Histogram)
        return metric

    def gauge(self, name: str, help: str, labels: Iterable[str] = (), *,
              callback: GaugeCallback) -> Gauge:
        metric = self._add(Gauge(name, help, tuple(labels), callback))
        assert isinstance(metric, Gauge)
        return metric

    async def render(self) -> str:
        lines: list[str] = []
        for name in sorted(self.metrics):
            metric = self.metrics[name]
            lines += metric.header() + await metric.lines()
        return "\n".join(lines) + "\n"


REGISTRY = Registry()
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


def _resident_bytes() -> float:
    with open("/proc/self/statm") as statm:
        return float(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def register_process_metrics(registry: Registry, started: float) -> None:
    registry.gauge("process_start_time_seconds", "Start time of the process (Unix time).",
                   callback=lambda: started)
    registry.gauge("process_cpu_seconds_total", "User and system CPU time spent, in seconds.",
                   callback=lambda: sum(os.times()[:2]))
    registry.gauge("process_resident_memory_bytes", "Resident memory size, in bytes.",
                   callback=_resident_bytes)
