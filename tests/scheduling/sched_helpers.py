"""Helpers for engine tests: tiny hand-built instances and the external reference checker."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path


from scheduling import plan_to_json
from tests.shared_files import shared_file

ROOT = Path(__file__).resolve().parents[2]
INSTANCES = ROOT / "scheduling" / "instances"
DAY = "2026-12-07"


def instance(learners=(), supervisors=(), vehicles=(), assignments=()) -> dict:
    """A one-day ``workfloor-planning/1`` dict with sensible defaults for every person."""
    full = {DAY: ["am", "pm"]}
    ls = [{"id": f"L{i + 1}", "name": f"Leerwerknemer {i + 1}", "domains": ["green"],
           "available": full, **l} for i, l in enumerate(learners)]
    ss = [{"id": f"S{i + 1}", "name": f"Begeleider {i + 1}", "domains": ["green"], "available": full,
           "licences": ["B"], "max_learners": 6, **s} for i, s in enumerate(supervisors)]
    vs = [{"id": f"V{i + 1}", "name": f"Wagen {i + 1}", "seats": 6, "licence": "B", "available": full, **v}
          for i, v in enumerate(vehicles)]
    asg = [{"id": f"A{i + 1}", "name": f"Opdracht {i + 1}", "site": "Stadspark", "domain": "green",
            "day": DAY, "blocks": ["am"], "max_learners": 4, **a} for i, a in enumerate(assignments)]
    return {"format": "workfloor-planning/1", "name": "tiny", "days": [DAY],
            "blocks": [{"id": "am", "start": "08:00", "end": "12:00"},
                       {"id": "pm", "start": "12:30", "end": "15:30"}],
            "learners": ls, "supervisors": ss, "vehicles": vs, "assignments": asg}


def reference_check(instance_path: Path, plan) -> dict:
    """Run ../shared/planning/check.py as an external program on a plan (skips when it is absent)."""
    checker = shared_file("check.py")
    plan_json = plan if isinstance(plan, dict) else plan_to_json(plan)
    res = subprocess.run([sys.executable, str(checker), str(instance_path), "/dev/stdin"],
                         input=json.dumps(plan_json), capture_output=True, text=True, check=False)
    out = json.loads(res.stdout)
    assert (res.returncode == 0) == out["valid"]
    return out


def deep(obj):
    """A deep copy (for mutating instance dicts)."""
    return copy.deepcopy(obj)


def week_instance(days=("2026-12-07", "2026-12-08"), learners=(), supervisors=(), vehicles=(), assignments=(),
                  blocks_free=("am", "pm")) -> dict:
    """A ``workfloor-planning/2`` week: everyone free in ``blocks_free`` every day; assignments on the
    first day unless they say otherwise (``"day": None`` with ``days`` makes one flexible)."""
    free = {d: list(blocks_free) for d in days}
    data = instance(learners, supervisors, vehicles, assignments)
    data.update(format="workfloor-planning/2", name="tiny-week", days=list(days))
    for kind, given in (("learners", learners), ("supervisors", supervisors), ("vehicles", vehicles)):
        for item, raw in zip(data[kind], given):
            if "available" not in raw:
                item["available"] = copy.deepcopy(free)
    for a in data["assignments"]:
        if a.get("day", "") is None:
            del a["day"]
        elif "days" not in a:
            a["day"] = a.get("day", days[0])
    return data


def shared_instance(name: str) -> Path:
    """A reference instance from ../shared/planning/instances: skipped when absent, failed under CI."""
    return shared_file(f"instances/{name}.json")


def valid_week_scores(problem):
    """The score of every valid week plan, by brute force (tiny weeks only): each assignment unstaffed
    or staffed by one valid crew per shape (people, vans and drivers), on one day of its window."""
    import itertools

    from scheduling import Crew, Plan, VehicleUse, validate

    def subsets(items):
        return [c for k in range(len(items) + 1) for c in itertools.combinations(items, k)]

    options = []
    for a in problem.assignments:
        crews = [None]
        for day in a.window:
            for ls in subsets([l.id for l in problem.learners]):
                for ss in subsets([s.id for s in problem.supervisors]):
                    members = ls + ss
                    for vs in subsets([v.id for v in problem.vehicles]):
                        for drivers in itertools.product(members or [None], repeat=len(vs)):
                            c = Crew(a.id, ls, ss, tuple(VehicleUse(v, d) for v, d in zip(vs, drivers)), day)
                            plan = Plan(problem.name, "feasible", (c,), format="workfloor-plan/2")
                            if validate(problem, plan, require_mandatory=False).valid:
                                crews.append(c)
                                break
        options.append(crews)
    for combo in itertools.product(*options):
        plan = Plan(problem.name, "feasible", tuple(c for c in combo if c is not None), format="workfloor-plan/2")
        verdict = validate(problem, plan)
        if verdict.valid:
            yield verdict.score
