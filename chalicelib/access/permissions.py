"""Permissions every API route declares, and which role of an organization holds which. Pure."""
from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    SIGNED_IN = "signed_in"  # any signed-in user; the route answers nothing of any organization
    READ = "read"  # read an organization's domains, analyses, alerts, notifications
    REGISTRY_WRITE = "registry_write"  # the source-IP registry of its domains
    ALERTS_WRITE = "alerts_write"  # alert rules and digests of its domains
    DOMAINS_WRITE = "domains_write"  # add, remove, verify domains; held reports, ingest failures, DNS checks
    MEMBERS_WRITE = "members_write"  # add, change, remove members
    OPERATE = "operate"  # the deployment: organizations, owner assignment, trusted reporters


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"


_READ = frozenset({Permission.SIGNED_IN, Permission.READ})
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: _READ,
    Role.ANALYST: _READ | {Permission.REGISTRY_WRITE},
    Role.ADMIN: _READ | {Permission.REGISTRY_WRITE, Permission.ALERTS_WRITE, Permission.DOMAINS_WRITE},
    Role.OWNER: _READ | {Permission.REGISTRY_WRITE, Permission.ALERTS_WRITE, Permission.DOMAINS_WRITE,
                         Permission.MEMBERS_WRITE},
}
OPERATORS_GROUP = "aligned-operators"  # the Cognito group (and local token group) of the deployment's operators


def role_of(text: object) -> Role | None:
    try:
        return Role(str(text).strip().lower())
    except ValueError:
        return None
