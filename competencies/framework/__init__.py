"""The competency framework: groups, items and their behavioural level descriptions.

The default framework ships as one TOML file per group beside this module
(`attitude.toml`, `cleaning.toml`, `green.toml`). The app keeps its own copy in
the database so a coordinator can add, rename or retire items, and builds a
`Framework` from those rows with `Framework.from_items`. Ids never change, so
ratings recorded against an item keep pointing at it after a rename.
"""
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from competencies.scale import LEVELS


class FrameworkError(ValueError):
    """The framework data is inconsistent (duplicate id, wrong group, missing level …)."""


@dataclass(frozen=True)
class Group:
    """A group of items: work attitudes, cleaning skills or green skills."""

    id: str
    label: str


# An id is "<group>.<snake_case>", e.g. "green.hedge_trimming": the planner uses them as keys.
_ID = re.compile(r"^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)$")


@dataclass(frozen=True)
class Competency:
    """One item of the framework, with what each level looks like on the floor."""

    id: str
    group: str
    name: str
    description: str
    level_descriptions: tuple[str, str, str, str]
    retired: bool = False
    learner_text: str = ""  # the learner's own words for the self-assessment, first person

    @property
    def self_assessment_text(self) -> str:
        """What the learner reads: their own wording, else the item's name."""
        return self.learner_text or self.name

    def __post_init__(self) -> None:
        match = _ID.match(self.id) if isinstance(self.id, str) else None
        if match is None:
            raise FrameworkError(f"competency id {self.id!r} is not of the form 'group.name'")
        if match.group(1) != self.group:
            raise FrameworkError(f"competency {self.id!r}: id prefix does not match group {self.group!r}")
        if not _filled(self.name):
            raise FrameworkError(f"competency {self.id!r}: name is empty")
        if not _filled(self.description):
            raise FrameworkError(f"competency {self.id!r}: description is empty")
        descriptions = tuple(self.level_descriptions)
        if len(descriptions) != len(LEVELS) or not all(_filled(text) for text in descriptions):
            raise FrameworkError(
                f"competency {self.id!r}: needs a description for each of the levels {LEVELS}")
        object.__setattr__(self, "level_descriptions", descriptions)

    def describe(self, level: int) -> str:
        """The behavioural description of one level (1–4) of this item."""
        if level not in LEVELS:
            raise ValueError(f"no description for level {level!r}")
        return self.level_descriptions[level - 1]


def _filled(text: object) -> bool:
    return isinstance(text, str) and bool(text.strip())


class Framework:
    """All items, looked up by id and listed per group in a fixed order."""

    def __init__(self, groups: Iterable[Group], items: Iterable[Competency]) -> None:
        self.groups: tuple[Group, ...] = tuple(groups)
        self._items: dict[str, Competency] = {}
        group_ids = [group.id for group in self.groups]
        if len(set(group_ids)) != len(group_ids):
            raise FrameworkError(f"duplicate group id in {group_ids}")
        for item in items:
            if item.group not in group_ids:
                raise FrameworkError(f"competency {item.id!r}: unknown group {item.group!r}")
            if item.id in self._items:
                raise FrameworkError(f"duplicate competency id {item.id!r}")
            self._items[item.id] = item

    @classmethod
    def from_items(cls, items: Iterable[Competency], groups: Iterable[Group] | None = None) -> "Framework":
        """Build a framework from items in display order, e.g. from database rows.

        Without groups, the shipped groups (attitudes, cleaning, green) and their labels are used.
        """
        return cls(load_default_framework().groups if groups is None else groups, items)

    def __getitem__(self, competency_id: str) -> Competency:
        """The item with this id, retired or not; KeyError if unknown."""
        return self._items[competency_id]

    def get(self, competency_id: str) -> Competency | None:
        """The item with this id, retired or not, or None."""
        return self._items.get(competency_id)

    def __contains__(self, competency_id: object) -> bool:
        return competency_id in self._items

    def __iter__(self) -> Iterator[Competency]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    @property
    def ids(self) -> tuple[str, ...]:
        """Every id, retired items included."""
        return tuple(self._items)

    def group(self, group_id: str) -> Group:
        """The group with this id; KeyError if unknown."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def items(self, group_id: str | None = None, *, include_retired: bool = False) -> tuple[Competency, ...]:
        """Items in order, optionally of one group; retired items only when asked (they can't be rated)."""
        return tuple(item for item in self._items.values()
                     if (group_id is None or item.group == group_id)
                     and (include_retired or not item.retired))

    def by_group(self, *, include_retired: bool = False) -> tuple[tuple[Group, tuple[Competency, ...]], ...]:
        """(group, items) pairs in group order, for pages that list items grouped."""
        return tuple((group, self.items(group.id, include_retired=include_retired)) for group in self.groups)


DEFAULT_FILES = ("attitude.toml", "cleaning.toml", "green.toml")


def read_group_file(text: str, source: str = "<string>") -> tuple[Group, list[Competency]]:
    """Parse one group file (TOML) into its group and items; FrameworkError names the source."""
    try:
        data = tomllib.loads(text)
        group = Group(id=data["group"], label=data["label"])
        items = [_item_from_table(group.id, table) for table in data.get("items", [])]
    except tomllib.TOMLDecodeError as error:
        raise FrameworkError(f"{source}: not valid TOML: {error}") from error
    except KeyError as error:
        raise FrameworkError(f"{source}: missing field {error.args[0]!r}") from error
    except FrameworkError as error:
        raise FrameworkError(f"{source}: {error}") from error
    if not items:
        raise FrameworkError(f"{source}: group {group.id!r} has no items")
    return group, items


def _item_from_table(group_id: str, table: dict) -> Competency:
    item_id = table["id"]
    levels = table["levels"]
    if not isinstance(levels, dict):
        raise FrameworkError(f"competency {item_id!r}: levels must be a table with keys 1 to 4")
    expected = [str(level) for level in LEVELS]
    if sorted(levels) != expected:
        raise FrameworkError(f"competency {item_id!r}: levels must be exactly {expected}, got {sorted(levels)}")
    retired = table.get("retired", False)
    if not isinstance(retired, bool):
        raise FrameworkError(f"competency {item_id!r}: retired must be true or false")
    return Competency(
        id=item_id,
        group=group_id,
        name=table["name"],
        description=table["description"],
        level_descriptions=tuple(levels[key] for key in expected),
        retired=retired,
        learner_text=table.get("learner", ""),
    )


def read_framework(texts: Iterable[tuple[str, str]]) -> Framework:
    """Build a framework from (source name, TOML text) pairs, one per group, in order."""
    groups: list[Group] = []
    items: list[Competency] = []
    for source, text in texts:
        group, group_items = read_group_file(text, source)
        groups.append(group)
        items.extend(group_items)
    return Framework(groups, items)


@dataclass(frozen=True)
class Translation:
    """An item's texts in another language; empty strings where none is given."""

    name: str = ""
    description: str = ""
    level_descriptions: tuple[str, ...] = ()
    learner_text: str = ""


@cache
def load_english_texts() -> tuple[dict[str, str], dict[str, Translation]]:
    """The English group labels and item texts shipped with the framework (`en.toml`)."""
    data = tomllib.loads(files(__name__).joinpath("en.toml").read_text(encoding="utf-8"))
    items = {}
    for item_id, table in data.get("items", {}).items():
        levels = table.get("levels", {})
        items[item_id] = Translation(
            name=table.get("name", ""), description=table.get("description", ""),
            level_descriptions=tuple(levels[str(level)] for level in LEVELS) if levels else (),
            learner_text=table.get("learner", ""))
    return dict(data.get("groups", {})), items


@cache
def load_default_framework() -> Framework:
    """The framework shipped with the app (read once, then cached)."""
    folder = files(__name__)
    return read_framework((name, folder.joinpath(name).read_text(encoding="utf-8")) for name in DEFAULT_FILES)
