"""All models, importable from one place."""
from workfloor.models.absences import Absence
from workfloor.models.assignments import WORK_FIELDS, Assignment, AssignmentTemplate
from workfloor.models.audit import AuditEntry
from workfloor.models.base import Base, utcnow
from workfloor.models.competency import (
    Assessment, AttendanceEntry, CompetencyItem, DevelopmentGoal, JobTarget, Rating, SelfAssessmentDraft,
)
from workfloor.models.floors import Floor, Site, Vehicle, VehicleOutage
from workfloor.models.learners import Avoidance, Learner, LearnerCertificate, LearnerRestriction, WorkBlock
from workfloor.models.people import (
    DrivingLicence, LoginSession, Person, User, holds_session, new_session_token, session_digest,
)
from workfloor.models.planning import CrewMember, CrewVehicle, DayPlan, Notice, PlanEvent, SolveJob, UnstaffedPin
from workfloor.models.staff import Supervisor
from workfloor.models.tokens import FormToken
from workfloor.models.trajectory import (
    Agreement, ContactEntry, Employer, EvaluationMeeting, JobApplication, Obstacle, PhaseChange, TrajectoryContract,
    TrajectoryOutcome, Vacancy,
)

__all__ = [
    "Assessment", "AttendanceEntry", "CompetencyItem", "CrewMember", "CrewVehicle", "DayPlan",
    "DevelopmentGoal", "JobTarget", "Notice", "PlanEvent", "Rating", "SelfAssessmentDraft", "UnstaffedPin",
    "Absence", "Assignment", "AssignmentTemplate", "AuditEntry", "Avoidance", "Base", "DrivingLicence",
    "Floor", "FormToken", "Learner", "LoginSession", "LearnerCertificate", "LearnerRestriction", "Person", "Site", "SolveJob", "Supervisor",
    "User", "Vehicle", "VehicleOutage", "WORK_FIELDS", "WorkBlock", "holds_session", "new_session_token", "session_digest", "utcnow",
    "Agreement", "ContactEntry", "Employer", "EvaluationMeeting", "JobApplication", "Obstacle", "PhaseChange",
    "TrajectoryContract", "TrajectoryOutcome", "Vacancy",
]
