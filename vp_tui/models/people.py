"""Advisers: the agency's staff, with their role in the application."""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import VersionedModel


class Adviser(VersionedModel):
    name = pw.CharField(max_length=120)
    initials = pw.CharField(max_length=16, unique=True)
    gender = pw.CharField(max_length=1)  # GENDERS
    role = pw.CharField(max_length=16, default="adviser")  # ROLES
    #: Also works as adviser when the role is coordinator or admin.
    is_adviser = pw.BooleanField(default=True)
    #: Local operating-system account mapped to this adviser (runs without SSH).
    os_user = pw.CharField(max_length=64, null=True, unique=True)
    active = pw.BooleanField(default=True)
