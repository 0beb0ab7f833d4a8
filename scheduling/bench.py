"""``make bench``: solve every reference instance, validate, and print a table against the targets."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .model import load_problem, plan_to_json
from .solver import solve
from .validate import validate

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "planning"
INSTANCES = Path(__file__).resolve().parent / "instances"
# instance: (time limit, seconds to first valid plan, seconds to proven optimum or None)
TARGETS = {"small-1": (5, None, 0.5), "medium-1": (30, None, 5), "medium-2": (30, None, 5),
           "week-1": (60, None, 20), "large-1": (60, 5, 60)}


def _instances() -> list[Path]:
    here = SHARED / "instances"
    folder = here if here.is_dir() else INSTANCES
    return sorted(folder.glob("*.json"), key=lambda p: (list(TARGETS).index(p.stem) if p.stem in TARGETS else 99, p.name))


def main() -> int:
    """Run the benchmark; non-zero exit when a plan is invalid."""
    rows, bad = [], False
    checker = SHARED / "check.py"
    for path in _instances():
        problem = load_problem(str(path))
        limit, first_target, opt_target = TARGETS.get(path.stem, (60, None, None))
        first = []
        start = time.monotonic()

        def progress(score, bound, elapsed, first=first):
            if not first:
                first.append(elapsed)
        plan = solve(problem, time_limit=limit, on_progress=progress)
        took = time.monotonic() - start
        verdict = validate(problem, plan)
        ok = verdict.valid or plan.status == "infeasible"
        ref = "—"
        if checker.is_file():
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(plan_to_json(plan), f)
            res = subprocess.run([sys.executable, str(checker), str(path), f.name], capture_output=True, text=True)
            Path(f.name).unlink()
            ref = "ok" if res.returncode == 0 else "INVALID"
            ok = ok and (res.returncode == 0 or plan.status == "infeasible")
        bad |= not ok
        proven = took if plan.status == "optimal" else None
        gaps = ""
        if plan.status != "optimal" and plan.bound:
            gaps = " gap " + "/".join(f"{abs(b - s) / max(1, abs(b)) * 100:.1f}%" for s, b in zip(plan.score, plan.bound))
        if path.stem == "large-1":
            met = (first and first[0] <= first_target) and (
                (proven is not None and proven <= opt_target) or
                (plan.bound is not None and all(abs(b - s) <= 0.01 * max(1, abs(b)) for s, b in zip(plan.score, plan.bound))))
            target = f"first ≤{first_target}s, opt/1% ≤{opt_target}s"
        elif opt_target is not None:
            met = proven is not None and proven <= opt_target
            target = f"optimal ≤{opt_target}s"
        else:
            met, target = ok, "valid"
        rows.append((path.stem, plan.status, str(list(plan.score)) + gaps, f"{first[0]:.2f}" if first else "—",
                     f"{proven:.2f}" if proven is not None else "—", target,
                     "met" if met and ok else "MISSED", "valid" if verdict.valid else "INVALID", ref))
        print(f"  {path.stem}: {plan.status} {list(plan.score)} in {took:.2f}s", file=sys.stderr, flush=True)
    head = ("instance", "status", "score", "first valid s", "optimal s", "target", "result", "validator", "check.py")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
