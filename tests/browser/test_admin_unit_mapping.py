"""An administrator imports a unit's mapping to NOS criteria from a CSV table in real
Chromium: every bad row is named by its line and nothing is saved; a good table shows its
links before "Import mapping" replaces the unit's mapping."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_admin_standards import choose, library_page
from tests.standards.helpers import FIXTURES
from tests.support.live_server import LiveServer

GOOD = b"unit_ref,nos_code,nos_ref\n1.2,SCDHSC0389,P3\n2.1,SCDHSC0389,P1\n"
BAD = GOOD + b"1.9,SCDHSC0389,P1\n1.1,SCDHSC0389,P99\n"


def test_a_units_mapping_table_is_checked_row_by_row_then_imported(
    browser,
    demo_server: LiveServer,  # type: ignore[no-untyped-def]
) -> None:
    page = library_page(browser, demo_server)
    choose(page, "CFU201.txt", (FIXTURES / "units" / "CFU201.txt").read_bytes(), "text/plain")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator("#nos-published")).to_contain_text("Published T9000201 version 1")
    card = page.locator("li.standard-admin[data-code=T9000201]")
    card.get_by_text("Mapping to NOS criteria (CSV)").click()
    table = card.locator("#mapping-T9000201-file")
    expect(page.locator("li.standard-admin[data-code=SCDHSC0389] details.mapping")).to_have_count(0)

    table.set_input_files({"name": "map.csv", "mimeType": "text/csv", "buffer": BAD})
    card.get_by_role("button", name="Check the table").click()
    problems = card.locator(".mapping-problems")
    expect(problems).to_contain_text("Line 4: The unit has no assessment criterion 1.9.")
    expect(problems).to_contain_text("Line 5: SCDHSC0389 has no criterion P99 in its current")
    expect(card.get_by_role("button", name="Import mapping")).to_have_count(0)

    table.set_input_files({"name": "map.csv", "mimeType": "text/csv", "buffer": GOOD})
    card.get_by_role("button", name="Check the table").click()
    expect(card.locator(".mapping-links")).to_contain_text("1.2 → SCDHSC0389 P3")
    expect(card.locator(".mapping-preview")).to_contain_text("they replace its 8 link(s) now")
    card.get_by_role("button", name="Import mapping").click()
    expect(card.locator(".mapping-preview")).to_contain_text(
        "T9000201 version 1 now maps 2 link(s) to NOS criteria"
    )
    page.context.close()
