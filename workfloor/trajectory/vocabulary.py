"""The trajectory file's words: who owns an agreement, kinds of contact, obstacle categories, outcomes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workfloor.vocabulary import Labelled


class Owner(Labelled):
    LEARNER = "learner"
    SUPERVISOR = "supervisor"
    COUNSELLOR = "counsellor"
    OTHER = "other"


Owner.LABELS = {"learner": _l("Leerwerknemer"), "supervisor": _l("Werkvloerbegeleider"),
                "counsellor": _l("Trajectbegeleider"), "other": _l("Iemand anders")}


class AgreementStatus(Labelled):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


AgreementStatus.LABELS = {"open": _l("open"), "done": _l("uitgevoerd"), "dropped": _l("vervallen")}


class ContactKind(Labelled):
    CONVERSATION = "conversation"
    HOME_VISIT = "home_visit"
    PHONE = "phone"
    MAIL = "mail"
    EMPLOYER = "employer"
    VDAB = "vdab"


ContactKind.LABELS = {"conversation": _l("Gesprek"), "home_visit": _l("Huisbezoek"), "phone": _l("Telefoon"),
                      "mail": _l("Mail"), "employer": _l("Overleg met werkgever"),
                      "vdab": _l("Overleg met VDAB")}


class ObstacleCategory(Labelled):
    HEALTH = "health"
    TRANSPORT = "transport"
    CHILDCARE = "childcare"
    HOUSING = "housing"
    DEBTS = "debts"
    LANGUAGE = "language"
    ADMINISTRATION = "administration"
    OTHER = "other"


ObstacleCategory.LABELS = {"health": _l("Gezondheid"), "transport": _l("Vervoer"), "childcare": _l("Kinderopvang"),
                           "housing": _l("Huisvesting"), "debts": _l("Schulden"), "language": _l("Taal"),
                           "administration": _l("Administratie"), "other": _l("Andere")}


class ObstacleStatus(Labelled):
    OPEN = "open"
    SOLVED = "solved"


ObstacleStatus.LABELS = {"open": _l("open"), "solved": _l("opgelost")}


class OutcomeKind(Labelled):
    REGULAR_JOB = "regular_job"
    SOCIAL_ECONOMY = "social_economy"
    TRAINING = "training"
    OTHER_PROGRAMME = "other_programme"
    DROPOUT = "dropout"
    OTHER = "other"


OutcomeKind.LABELS = {"regular_job": _l("Job in het reguliere circuit"), "social_economy": _l("Sociale economie"),
                      "training": _l("Opleiding"), "other_programme": _l("Ander traject of programma"),
                      "dropout": _l("Uitval"), "other": _l("Andere")}


class ContractKind(Labelled):
    ART60 = "art60"
    TWE = "twe"
    OTHER = "other"


ContractKind.LABELS = {"art60": _l("Artikel 60 §7"), "twe": _l("Tijdelijke werkervaring (TWE)"),
                       "other": _l("Ander contract")}


class ApplicationKind(Labelled):
    APPLICATION = "application"
    JOB_TASTING = "job_tasting"


ApplicationKind.LABELS = {"application": _l("Sollicitatie"), "job_tasting": _l("Jobproef")}


class ApplicationResult(Labelled):
    PENDING = "pending"
    POSITIVE = "positive"
    NEGATIVE = "negative"
    HIRED = "hired"


ApplicationResult.LABELS = {"pending": _l("loopt nog"), "positive": _l("positief"), "negative": _l("negatief"),
                            "hired": _l("aangeworven")}
