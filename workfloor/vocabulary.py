"""The fixed vocabularies of the trade, with their Dutch labels.

Codes are stored in the database and travel to the planning engine as they are
(`green`, `BE`, `hedge_trimmer`, `no_heavy_lifting`); labels are for people.
"""
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Labelled(StrEnum):
    """A code with a translatable label; subclasses define LABELS."""

    @property
    def label(self) -> str:
        return str(self.LABELS[self.value])  # type: ignore[attr-defined]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Role(Labelled):
    COORDINATOR = "coordinator"
    SUPERVISOR = "supervisor"
    COUNSELLOR = "counsellor"
    LEARNER = "learner"


Role.LABELS = {
    "coordinator": _l("Teamverantwoordelijke"),
    "supervisor": _l("Werkvloerbegeleider"),
    "counsellor": _l("Trajectbegeleider"),
    "learner": _l("Leerwerknemer"),
}


class Domain(Labelled):
    CLEANING = "cleaning"
    GREEN = "green"


Domain.LABELS = {"cleaning": _l("Schoonmaak"), "green": _l("Groen")}


class Block(Labelled):
    MORNING = "am"
    AFTERNOON = "pm"


Block.LABELS = {"am": _l("Voormiddag"), "pm": _l("Namiddag")}
# Working hours of the blocks, as the planning engine receives them.
BLOCK_HOURS = {"am": ("08:00", "12:00"), "pm": ("12:30", "15:30")}
BLOCK_SHORT = {"am": _l("vm"), "pm": _l("nm")}


class Licence(Labelled):
    B = "B"
    BE = "BE"


Licence.LABELS = {"B": _l("Rijbewijs B"), "BE": _l("Rijbewijs BE (aanhangwagen)")}


class Certificate(Labelled):
    BRUSH_CUTTER = "brush_cutter"
    HEDGE_TRIMMER = "hedge_trimmer"
    RIDE_ON_MOWER = "ride_on_mower"
    SCRUBBER_DRYER = "scrubber_dryer"


Certificate.LABELS = {
    "brush_cutter": _l("Bosmaaier"),
    "hedge_trimmer": _l("Haagschaar"),
    "ride_on_mower": _l("Zitmaaier"),
    "scrubber_dryer": _l("Schrobzuigmachine"),
}


class Restriction(Labelled):
    """A functional restriction: what someone may not do, never why."""

    NO_HEAVY_LIFTING = "no_heavy_lifting"
    NO_CHEMICALS = "no_chemicals"
    NO_MACHINES = "no_machines"


Restriction.LABELS = {
    "no_heavy_lifting": _l("Geen zware lasten tillen"),
    "no_chemicals": _l("Geen schoonmaakproducten of chemicaliën"),
    "no_machines": _l("Geen machines bedienen"),
}


class VehicleFeature(Labelled):
    TRAILER = "trailer"


VehicleFeature.LABELS = {"trailer": _l("Aanhangwagen")}


class AbsenceReason(Labelled):
    SICK = "sick"
    APPOINTMENT_VDAB = "appointment_vdab"
    APPOINTMENT_OCMW = "appointment_ocmw"
    APPOINTMENT_DOCTOR = "appointment_doctor"
    TRAINING = "training"
    LEAVE = "leave"
    UNEXCUSED = "unexcused"
    LATE = "late"  # comes later than planned (the learner's own report "ik kom later")


AbsenceReason.LABELS = {
    "sick": _l("Ziek"),
    "appointment_vdab": _l("Afspraak VDAB"),
    "appointment_ocmw": _l("Afspraak OCMW"),
    "appointment_doctor": _l("Afspraak dokter"),
    "training": _l("Opleiding"),
    "leave": _l("Verlof"),
    "unexcused": _l("Onwettig afwezig"),
    "late": _l("Komt later"),
}


class Phase(Labelled):
    CARE = "care"
    LANGUAGE_ACTIVATION = "language_activation"
    SOCIAL_ACTIVATION = "social_activation"
    WORK_ACTIVATION = "work_activation"
    GUIDANCE_TO_WORK = "guidance_to_work"
    WORK = "work"


Phase.LABELS = {
    "care": _l("Zorg en hulpverlening"),
    "language_activation": _l("Taalactivering"),
    "social_activation": _l("Sociale activering"),
    "work_activation": _l("Arbeidsactivering"),
    "guidance_to_work": _l("Arbeidstoeleiding"),
    "work": _l("Arbeid"),
}

WEEKDAYS = (0, 1, 2, 3, 4)  # Monday to Friday: the floors do not work weekends
WEEKDAY_LABELS = (_l("maandag"), _l("dinsdag"), _l("woensdag"), _l("donderdag"), _l("vrijdag"),
                  _l("zaterdag"), _l("zondag"))
WEEKDAY_SHORT = (_l("ma"), _l("di"), _l("wo"), _l("do"), _l("vr"), _l("za"), _l("zo"))

# A learning goal's status (competencies.GoalStatus values): the one home of its labels.
GOAL_STATUS_LABELS = {"active": _l("Lopend"), "met": _l("Behaald"), "stopped": _l("Stopgezet")}

# The learner's own words for the four competency levels: plain and encouraging (self-assessment).
SELF_LEVEL_LABELS = {
    1: _l("Dit lukt me nog niet"),
    2: _l("Met wat hulp lukt het"),
    3: _l("Dit lukt me goed"),
    4: _l("Dit kan ik alleen"),
}
