"""Peewee models only: fields, indexes and constraints. Rules live in vp_tui.services."""

from vp_tui.models.agency import AdviserContact, AgencyProfile
from vp_tui.models.audit import AuditEvent, Meta
from vp_tui.models.base import BaseModel, VersionedModel, database, utcnow
from vp_tui.models.cases import (
    Case,
    CaseCategory,
    FollowUp,
    Handover,
    Referral,
    TimelineEntry,
    TimelineRevision,
)
from vp_tui.models.drafts import Draft
from vp_tui.models.offboarding import CaseTransfer, Offboarding
from vp_tui.models.organisations import (
    Activity,
    ChecklistItem,
    ConflictOfInterest,
    Engagement,
    Organisation,
)
from vp_tui.models.people import Adviser
from vp_tui.models.planning import Absence, Cover
from vp_tui.models.reports import ReportDraft

#: In dependency order, for create_tables.
ALL_MODELS: list[type[BaseModel]] = [
    Meta,
    Adviser,
    Organisation,
    Engagement,
    ConflictOfInterest,
    ChecklistItem,
    Activity,
    Case,
    CaseCategory,
    TimelineEntry,
    TimelineRevision,
    Referral,
    FollowUp,
    Handover,
    Absence,
    Cover,
    ReportDraft,
    Draft,
    AgencyProfile,
    AdviserContact,
    Offboarding,
    CaseTransfer,
    AuditEvent,
]

__all__ = [
    "ALL_MODELS",
    "Absence",
    "Activity",
    "Adviser",
    "AdviserContact",
    "AgencyProfile",
    "AuditEvent",
    "BaseModel",
    "Case",
    "CaseCategory",
    "CaseTransfer",
    "ChecklistItem",
    "ConflictOfInterest",
    "Cover",
    "Draft",
    "Engagement",
    "FollowUp",
    "Handover",
    "Meta",
    "Offboarding",
    "Organisation",
    "Referral",
    "ReportDraft",
    "TimelineEntry",
    "TimelineRevision",
    "VersionedModel",
    "database",
    "utcnow",
]
