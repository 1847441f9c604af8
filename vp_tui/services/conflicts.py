"""Conflicts of interest: an adviser with one at an organisation never acts for it (no intake,
engagement, cover, cover suggestion or handover there). One place for the test, which each
service words in its own refusal."""

from __future__ import annotations

import peewee as pw

from vp_tui.models import ConflictOfInterest


def has_conflict(adviser_id: int, organisation_id: int) -> bool:
    return ConflictOfInterest.select().where(
        ConflictOfInterest.adviser == adviser_id,
        ConflictOfInterest.organisation == organisation_id).exists()


def conflicted(organisation_id: int) -> pw.Select:
    """The advisers with a conflict at the organisation, as a subquery of their ids."""
    return ConflictOfInterest.select(ConflictOfInterest.adviser).where(
        ConflictOfInterest.organisation == organisation_id)
