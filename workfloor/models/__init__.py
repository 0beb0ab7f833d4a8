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
from workfloor.models.people import DrivingLicence, Person, User, new_session_token
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
    "Floor", "FormToken", "Learner", "LearnerCertificate", "LearnerRestriction", "Person", "Site", "SolveJob", "Supervisor",
    "User", "Vehicle", "VehicleOutage", "WORK_FIELDS", "WorkBlock", "new_session_token", "utcnow",
    "Agreement", "ContactEntry", "Employer", "EvaluationMeeting", "JobApplication", "Obstacle", "PhaseChange",
    "TrajectoryContract", "TrajectoryOutcome", "Vacancy",
]
