"""The competency framework as editable rows, and the job targets (jobdoelwitten).

The rows are the app's copy of the framework: a coordinator adds, renames,
describes, retires and reorders items here. Ids never change once made, so
ratings, goals and job targets keep pointing at the same item after a rename.
`current_framework()` turns the rows into the pure `competencies.Framework`
every other feature works with.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from sqlalchemy import func, select

from flask import has_request_context

from competencies import (
    Competency, Framework, Group, JobTarget as JobProfile, LEVELS, load_default_framework, load_english_texts,
)
from workfloor.extensions import db
from workfloor.models import AssignmentTemplate, CompetencyItem, DevelopmentGoal, JobTarget, Learner, Rating

GROUP_IDS = tuple(group.id for group in load_default_framework().groups)


class FrameworkInUse(Exception):
    """An item can't be deleted because something refers to it; retire it instead."""


def sync_framework() -> int:
    """Insert the shipped items that have no row yet; never touches existing rows (coordinator edits stay).

    Returns how many items were added.
    """
    existing = set(db.session.execute(select(CompetencyItem.id)).scalars())
    top = db.session.scalar(select(func.max(CompetencyItem.position))) or 0
    added = 0
    for position, item in enumerate(load_default_framework().items(include_retired=True)):
        if item.id in existing:
            continue
        english = load_english_texts()[1].get(item.id)
        db.session.add(CompetencyItem(
            id=item.id, group=item.group, name=item.name, description=item.description,
            level_descriptions=list(item.level_descriptions), retired=item.retired,
            learner_text=item.learner_text, name_en=english.name if english else "",
            description_en=english.description if english else "",
            level_descriptions_en=list(english.level_descriptions) if english else [],
            learner_text_en=english.learner_text if english else "",
            position=position if not existing else top + 1 + position))
        added += 1
    db.session.flush()
    return added


def item_rows(*, include_retired: bool = True) -> list[CompetencyItem]:
    """The items in display order: group order, then position."""
    query = select(CompetencyItem)
    if not include_retired:
        query = query.where(CompetencyItem.retired.is_(False))
    rows = db.session.execute(query.order_by(CompetencyItem.position, CompetencyItem.id)).scalars().all()
    order = {group_id: i for i, group_id in enumerate(GROUP_IDS)}
    return sorted(rows, key=lambda row: order.get(row.group, len(order)))


def english_wanted() -> bool:
    """Is the page being drawn in English? (Outside a request: Dutch.)"""
    from workfloor import select_locale  # the app's own choice, read fresh (Babel caches per app context)

    return has_request_context() and select_locale().startswith("en")


def to_competency(row: CompetencyItem, *, english: bool = False) -> Competency:
    """One row as the pure framework's item; `english` takes the English texts where they are filled in."""
    name, description, levels, learner = row.name, row.description, tuple(row.level_descriptions), row.learner_text
    if english:
        name = row.name_en.strip() or name
        description = row.description_en.strip() or description
        english_levels = list(row.level_descriptions_en or ())
        levels = tuple((english_levels[i].strip() if i < len(english_levels) else "") or text
                       for i, text in enumerate(levels))
        learner = row.learner_text_en.strip() or learner
    return Competency(id=row.id, group=row.group, name=name, description=description,
                      level_descriptions=levels, retired=row.retired, learner_text=learner)


def framework_groups(english: bool) -> tuple[Group, ...]:
    """The groups with their labels in the reader's language."""
    groups = load_default_framework().groups
    if not english:
        return groups
    labels = load_english_texts()[0]
    return tuple(Group(group.id, labels.get(group.id, group.label)) for group in groups)


def current_framework() -> Framework:
    """The framework as the coordinator keeps it now (retired items included, flagged), in the reader's language."""
    english = english_wanted()
    return Framework.from_items((to_competency(row, english=english) for row in item_rows()),
                                groups=framework_groups(english))


def slugify(text: str) -> str:
    """A lowercase ascii snake_case slug: "Hagen scheren (elektrisch)" -> "hagen_scheren_elektrisch"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:40].strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"item_{slug}" if slug else "item"
    return slug


def new_item_id(group: str, name: str) -> str:
    """A fresh id `<group>.<slug of name>`, numbered if taken; used once, never changed afterwards."""
    base = f"{group}.{slugify(name)}"
    taken = set(db.session.execute(
        select(CompetencyItem.id).where(CompetencyItem.id.like(f"{base}%"))).scalars())
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def name_taken(group: str, name: str, *, except_id: str | None = None) -> bool:
    """Whether another item in the group already has this name (ignoring case)."""
    query = select(CompetencyItem.id).where(CompetencyItem.group == group,
                                            func.lower(CompetencyItem.name) == name.strip().lower())
    if except_id:
        query = query.where(CompetencyItem.id != except_id)
    return db.session.execute(query).first() is not None


def add_item(group: str, name: str, description: str, level_descriptions: Iterable[str]) -> CompetencyItem:
    """A new item at the end of its group, with a generated stable id."""
    if group not in GROUP_IDS:
        raise ValueError(f"unknown group {group!r}")
    top = db.session.scalar(select(func.max(CompetencyItem.position)).where(CompetencyItem.group == group))
    item = CompetencyItem(id=new_item_id(group, name), group=group, name=name.strip(),
                          description=description.strip(),
                          level_descriptions=_four(level_descriptions), position=(top or 0) + 1, retired=False)
    to_competency(item)  # refuses an item the pure framework could not hold
    db.session.add(item)
    db.session.flush()
    return item


def update_item(item: CompetencyItem, name: str, description: str,
                level_descriptions: Iterable[str]) -> CompetencyItem:
    """Rename and redescribe an item; its id (and so its history) stays."""
    item.name = name.strip()
    item.description = description.strip()
    item.level_descriptions = _four(level_descriptions)
    to_competency(item)
    db.session.flush()
    return item


def _four(texts: Iterable[str]) -> list[str]:
    texts = [text.strip() for text in texts]
    if len(texts) != len(LEVELS):
        raise ValueError("an item needs one description per level")
    return texts


def set_item_texts(item: CompetencyItem, *, learner_text: str, name_en: str, description_en: str,
                   level_descriptions_en: Iterable[str], learner_text_en: str) -> None:
    """The learner's own wording and the English texts; empty English falls back to the Dutch text."""
    item.learner_text = learner_text.strip()
    item.name_en = name_en.strip()
    item.description_en = description_en.strip()
    english = [text.strip() for text in level_descriptions_en]
    item.level_descriptions_en = english if any(english) else []
    item.learner_text_en = learner_text_en.strip()
    db.session.flush()


def set_retired(item: CompetencyItem, retired: bool) -> None:
    """Retire an item (kept in history and reports, not offered for new ratings) or bring it back."""
    item.retired = retired
    db.session.flush()


def move_item(item: CompetencyItem, step: int) -> None:
    """Move an item up (-1) or down (+1) within its group."""
    siblings = db.session.execute(
        select(CompetencyItem).where(CompetencyItem.group == item.group)
        .order_by(CompetencyItem.position, CompetencyItem.id)).scalars().all()
    index = siblings.index(item)
    target = index + step
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    start = min(row.position for row in siblings)
    for offset, row in enumerate(siblings):
        if row.position != start + offset:
            row.position = start + offset
    db.session.flush()


def item_uses(item_id: str) -> list[str]:
    """What refers to an item (ratings, goals, job targets, assignment templates); empty if nothing."""
    uses = []
    if db.session.execute(select(Rating.id).where(Rating.competency_id == item_id).limit(1)).first():
        uses.append("ratings")
    if db.session.execute(select(DevelopmentGoal.id).where(DevelopmentGoal.competency_id == item_id)
                          .limit(1)).first():
        uses.append("goals")
    if any(item_id in (requirements or {}) for requirements in
           db.session.execute(select(JobTarget.requirements)).scalars()):
        uses.append("job_targets")
    if any(item_id in (trains or []) or item_id in (levels or {}) for trains, levels in
           db.session.execute(select(AssignmentTemplate.trains, AssignmentTemplate.min_levels)).all()):
        uses.append("templates")
    return uses


def delete_item(item: CompetencyItem) -> None:
    """Delete an item nothing refers to (a slip of the keyboard); anything in use must be retired."""
    uses = item_uses(item.id)
    if uses:
        raise FrameworkInUse(uses)
    db.session.delete(item)
    db.session.flush()


# Job targets ------------------------------------------------------------------------------------

def job_target_name_taken(name: str, *, except_id: int | None = None) -> bool:
    """Whether another job target already has this name (ignoring case)."""
    query = select(JobTarget.id).where(func.lower(JobTarget.name) == name.strip().lower())
    if except_id is not None:
        query = query.where(JobTarget.id != except_id)
    return db.session.execute(query).first() is not None


def save_job_target(target: JobTarget, *, name: str, description: str,
                    requirements: Mapping[str, int]) -> JobTarget:
    """Set a job target's name, description and required profile (competency id -> level 1–4)."""
    profile = JobProfile(id=str(target.id or "new"), name=name, requirements=dict(requirements))
    target.name = name.strip()
    target.description = description.strip()
    target.requirements = dict(profile.requirements)
    db.session.add(target)
    db.session.flush()
    return target


def set_job_target_active(target: JobTarget, active: bool) -> None:
    """Deactivate a job target (learners keep it) or bring it back."""
    target.active = active
    db.session.flush()


def assign_job_target(learner: Learner, target: JobTarget | None) -> None:
    """Set (or clear) the job a learner's trajectory aims for."""
    learner.job_target = target
    db.session.flush()


def job_profile(target: JobTarget) -> JobProfile:
    """A job target row as the pure profile the comparison works with."""
    return JobProfile(id=str(target.id), name=target.name, requirements=dict(target.requirements or {}))


def rating_counts() -> dict[str, int]:
    """How many ratings each item has, for the editor's list."""
    rows = db.session.execute(select(Rating.competency_id, func.count()).group_by(Rating.competency_id)).all()
    return {item_id: count for item_id, count in rows}
