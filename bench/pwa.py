"""Worker PWA benchmark in real Chromium against a real `carefolio serve --demo`. Prints figures.

    .venv/bin/python bench/pwa.py [--items 2000] [--criteria 700]

1. First load: bytes transferred for the signed-out app shell (every request, as served by
   this server, which does not compress), the same files gzip-compressed (as a reverse proxy
   with compression serves them), and the count of requests to any other origin.
2. Service-worker cache to an interactive home screen, CPU throttled 4x in mobile emulation
   (CDP Emulation.setCPUThrottlingRate), for an empty portfolio and for the big one.
3. A portfolio of --items evidence items over --criteria criteria: time to render the evidence
   list, frame times while scrolling it, and criteria search latency in the capture picker.
4. An assessor's day on a fresh server: --learners learners with --items items in all (seeded
   through the public API, pulled by the assessor's phone): time to render the caseload
   (#/learners) and one learner's coverage grid, on the phone profile at CPU 1x and 4x, as the
   median of 5 renders each; as a ratio of the one-second bound the issue sets, and of the
   queue screen (#/assess, which reads the same portfolios) measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.caseload_seed import big_caseload  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.browser.test_worker_support import (  # noqa: E402
    ASSESSOR,
    WORKER,
    Api,
    ready_offline,
    service_worker_in_control,
    sign_in,
)
from tests.support.live_server import LiveServer  # noqa: E402

QUERIES = ["privacy", "communicate", "relationships with carers", "P3", "rights", "assess risk",
           "confidentiality", "famly", "individual preferences", "record"]


def first_load(browser, server: LiveServer) -> dict[str, float]:  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(server.url + "/")
    page.get_by_role("heading", name="Sign in").wait_for()
    page.wait_for_function("navigator.serviceWorker.controller !== null || true")
    page.wait_for_timeout(1500)  # let the service worker finish precaching (counted too)
    origin = urlparse(server.url).netloc
    third_party = [u for u in urls.values() if urlparse(u).netloc not in (origin, "")]
    page_urls = {u for u in urls.values()}
    gz = 0
    for url in page_urls:
        path = urlparse(url).path
        file = ROOT / "pwa" / ("index.html" if path == "/" else path.lstrip("/"))
        if file.is_file():
            gz += len(gzip.compress(file.read_bytes(), 6))
    context.close()
    return {"first_load_requests": len(urls), "first_load_kb_as_served": round(sum(sizes.values()) / 1024, 1),
            "first_load_kb_gzip": round(gz / 1024, 1), "third_party_requests": len(third_party)}


def interactive_ms(page: Page, server: LiveServer, runs: int = 5) -> float:
    """Median ms from navigation start to the home screen rendered from the SW cache, CPU 4x."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    times = []
    for run in range(runs):
        page.goto(server.url + f"/?run={run}#/")  # a new document each time, served by the SW
        page.wait_for_function("performance.getEntriesByName('carefolio:interactive').length > 0", timeout=30_000)
        times.append(page.evaluate("performance.getEntriesByName('carefolio:interactive')[0].startTime"))
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    cdp.detach()
    return round(statistics.median(times), 1)


def add_criteria(page: Page, target: int) -> list[str]:
    """Make the cached library hold `target` criteria (the bundled standards plus synthetic
    ones built from their texts) and return every criterion key."""
    keys: list[str] = page.evaluate("""async (target) => {
        const db = await new Promise((ok, no) => { const r = indexedDB.open(`carefolio-u${JSON.parse(localStorage.getItem('carefolio.me')).user_id}`); r.onsuccess = () => ok(r.result); r.onerror = no; });
        const all = await new Promise((ok) => { const r = db.transaction('library').objectStore('library').getAll(); r.onsuccess = () => ok(r.result); });
        const texts = all.flatMap(s => s.criteria);
        let count = texts.length, n = 0;
        const tx = db.transaction(['library', 'meta'], 'readwrite');
        while (count < target) {
          const size = Math.min(140, target - count);
          const criteria = texts.slice(n % texts.length, n % texts.length + size).map((c, i) => ({...c, ref: `${c.kind === 'performance' ? 'P' : 'K'}${i + 1}`}));
          tx.objectStore('library').put({code: `BENCH${String(n).padStart(2, '0')}`, version: 1, title: 'Synthetic standard', criteria, glossary: []});
          count += criteria.length; n += 1;
        }
        tx.objectStore('meta').put(Date.now(), 'standardsAt');
        await new Promise(ok => tx.oncomplete = ok);
        const lib = await new Promise((ok) => { const r = db.transaction('library').objectStore('library').getAll(); r.onsuccess = () => ok(r.result); });
        db.close();
        return lib.flatMap(s => s.criteria.map(c => `${s.code}/${s.version}/${c.ref}`));
    }""", target)
    return keys


def seed(server: LiveServer, items: int, keys: list[str]) -> None:
    rng = random.Random(7)
    with Api(server, WORKER) as api:
        scope = f"portfolio:{api.user_id}"
        batch = []
        for i in range(items):
            batch.append({"op": "create", "scope": scope, "entity": "evidence", "id": f"bench-{i:05d}", "fields": {
                "kind": "observation", "title": f"Practice note {i}", "occurred_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "description": "I supported the person with their morning routine and recorded it. " * 3,
                "criteria": rng.sample(keys, 3)}})
            if len(batch) == 500:
                api.push(*batch)
                batch = []
        if batch:
            api.push(*batch)


def scroll_frames(page: Page) -> dict[str, float]:
    render = page.evaluate("""async () => {
        const t0 = performance.now();
        location.hash = '#/evidence';
        while (document.querySelectorAll('.items > li').length < 100) await new Promise(r => setTimeout(r, 5));
        return performance.now() - t0;
    }""")
    frames: list[float] = page.evaluate("""() => new Promise((done) => {
        const times = []; let last = performance.now(); const end = last + 4000;
        const step = (now) => { times.push(now - last); last = now; window.scrollBy(0, 60);
          if (now < end) requestAnimationFrame(step); else done(times.slice(1)); };
        requestAnimationFrame(step);
    })""")
    frames.sort()
    return {"list_render_ms": round(render, 1), "scroll_frame_p50_ms": round(frames[len(frames) // 2], 1),
            "scroll_frame_p95_ms": round(frames[int(len(frames) * 0.95)], 1),
            "scroll_frames_over_50ms": sum(1 for f in frames if f > 50), "scroll_frames": len(frames)}


def search_latency(page: Page, throttle: int) -> float:
    page.goto(page.url.split("#")[0] + "#/capture?kind=observation")
    page.get_by_label("Search criteria").wait_for()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    times: list[float] = page.evaluate("""(queries) => {
        const input = document.getElementById('criteria-q'); const out = [];
        for (const q of queries) for (let i = 1; i <= q.length; i++) {
          input.value = q.slice(0, i); const t = performance.now();
          input.dispatchEvent(new Event('input', {bubbles: true})); out.push(performance.now() - t);
        }
        return out;
    }""", QUERIES)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    cdp.detach()
    times.sort()
    return round(times[int(len(times) * 0.95)], 1)


RENDER = """async ([hash, selector, count]) => {
    location.hash = '#/standards';
    while (document.querySelector('main h1')?.textContent !== 'Standards') await new Promise(r => setTimeout(r, 5));
    const t0 = performance.now();
    location.hash = hash;
    while (document.querySelectorAll(selector).length < count) await new Promise(r => setTimeout(r, 2));
    return performance.now() - t0;
}"""


def assessor_day(browser, learners: int, items: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Caseload and coverage-grid render times for an assessor with `learners` learners."""
    server = LiveServer(Path(tempfile.mkdtemp()), "--demo").start()
    try:
        rng = random.Random(11)
        started = time.perf_counter()
        made = big_caseload(server, learners, items, lambda keys, k: rng.sample(keys, k))
        context = browser.new_context(**PHONE)
        page = context.new_page()
        sign_in(page, server, ASSESSOR)
        service_worker_in_control(page)
        page.goto(server.url + "/#/learners")
        waiting = sum(1 for i in range(items // learners) if i % 5 == 0) * learners
        page.get_by_text(f"Waiting for assessment: {waiting}").wait_for(timeout=300_000)
        figures: dict[str, float] = {"assessor_seed_and_pull_s": round(time.perf_counter() - started, 1),
                                     "caseload_learners": page.locator("#caseload > li").count(),
                                     "caseload_items": items // learners * learners}
        grid = f"#/workers/{made[0].user_id}/coverage/SCDHSC0389"
        rows = page.evaluate("""async (hash) => { location.hash = hash;
            while (!document.getElementById('coverage-grid')) await new Promise(r => setTimeout(r, 5));
            return document.querySelectorAll('#coverage-grid > li').length; }""", grid)
        cdp = context.new_cdp_session(page)
        for rate in (1, 4):
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            caseload = [page.evaluate(RENDER, ["#/learners", "#caseload > li", learners]) for _ in range(5)]
            grids = [page.evaluate(RENDER, [grid, "#coverage-grid > li", rows]) for _ in range(5)]
            # the bound measured in the same run: the queue screen, which reads the same portfolios
            queue = [page.evaluate(RENDER, ["#/assess", "#team > li", learners]) for _ in range(5)]
            figures[f"queue_render_ms_cpu{rate}x"] = round(statistics.median(queue), 1)
            figures[f"caseload_vs_queue_cpu{rate}x"] = round(statistics.median(caseload) / statistics.median(queue), 2)
            figures[f"caseload_render_ms_cpu{rate}x"] = round(statistics.median(caseload), 1)
            figures[f"grid_render_ms_cpu{rate}x"] = round(statistics.median(grids), 1)
            figures[f"caseload_and_grid_vs_1s_cpu{rate}x"] = round((statistics.median(caseload) + statistics.median(grids)) / 1000, 3)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        figures["grid_criteria"] = rows
        context.close()
        return figures
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--criteria", type=int, default=700)
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--only-assessor", action="store_true", help="only part 4 (the assessor's day)")
    args = parser.parse_args()
    figures: dict[str, object] = {}
    if args.only_assessor:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            figures.update(assessor_day(browser, args.learners, args.items))
            browser.close()
        print(json.dumps(figures))
        return
    server = LiveServer(Path(tempfile.mkdtemp()), "--demo").start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            figures.update(first_load(browser, server))
            context = browser.new_context(**PHONE, bypass_csp=True)  # for the measuring scripts only
            page = context.new_page()
            sign_in(page, server)
            ready_offline(page)
            figures["interactive_home_empty_cpu4x_ms"] = interactive_ms(page, server)
            keys = add_criteria(page, args.criteria)
            figures["criteria"] = len(keys)
            started = time.perf_counter()
            seed(server, args.items, keys)
            page.goto(server.url + "/#/evidence")
            page.wait_for_function(f"document.querySelectorAll('.items > li').length >= {args.items}", timeout=180_000)
            figures["seed_and_pull_s"] = round(time.perf_counter() - started, 1)
            figures["items"] = page.evaluate("document.querySelectorAll('.items > li').length")
            page.goto(server.url + "/#/")
            figures["interactive_home_big_cpu4x_ms"] = interactive_ms(page, server)
            figures.update(scroll_frames(page))
            figures["search_p95_ms_cpu1x"] = search_latency(page, 1)
            figures["search_p95_ms_cpu4x"] = search_latency(page, 4)
            figures.update(assessor_day(browser, args.learners, args.items))
            browser.close()
    finally:
        server.stop()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
