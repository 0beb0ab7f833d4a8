"""Run axe-core (vendored in tests/browser/vendor/axe-core) on a page and keep what is serious or critical.

The script is added as an init script of the browser context: Playwright injects it through the
DevTools protocol, so it runs on pages with a strict Content-Security-Policy too, and it never
becomes part of the app.
"""
from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
GATED = ("serious", "critical")

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 6).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " ")),
  }));
}"""


def enable(context) -> None:
    """Make axe available on every page this browser context opens from now on."""
    context.add_init_script(path=str(AXE))


def violations(page) -> list[dict]:
    """The serious and critical violations axe finds on the page as it is now (dialogs open included)."""
    return [v for v in page.evaluate(RUN) if v["impact"] in GATED]


def describe(found: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']} ({v['help']}):\n    " + "\n    ".join(v["nodes"]) for v in found)


def assert_accessible(page, where: str) -> None:
    found = violations(page)
    assert not found, f"axe on {where}:\n{describe(found)}"
