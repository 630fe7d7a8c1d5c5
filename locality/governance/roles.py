"""Roles as plain classes listing permissions.

A permission says what a role may do in general; whether a user may do it to
a particular person is decided by `locality.governance.access.can`, which also
needs a care relationship. See docs/decisions/0002-access-model.md.
"""

# Permission names, in one place so a typo fails at import time.
PERSON_VIEW = "person.view"  # identifiable record, given a care relationship
PERSON_CREATE = "person.create"
PERSON_CHANGE = "person.change"
PERSON_VIEW_PSEUDONYMOUS = "person.view_pseudonymous"
CONSENT_RECORD = "consent.record"
CASELOAD_MANAGE = "caseload.manage"
REFERRAL_CREATE = "referral.create"
BREAK_GLASS_USE = "breakglass.use"
BREAK_GLASS_REVIEW = "breakglass.review"
AUDIT_VIEW = "audit.view"
SUBJECT_ACCESS_EXPORT = "person.export"
DIRECTORY_EDIT = "directory.edit"
ANALYTICS_VIEW = "analytics.view"
USERS_MANAGE = "users.manage"
ORGANISATIONS_MANAGE = "organisations.manage"
# Population intelligence into practice (decision 0009).
POPULATION_EXPORT = "population.export"  # pseudonymised persons table for analytics
POPULATION_OUTREACH_VIEW = "population.outreach_view"  # the team's pseudonymised outreach lists
POPULATION_OUTREACH_IMPORT = "population.outreach_import"  # a cohort list becomes an outreach list
POPULATION_REIDENTIFY = "population.reidentify"  # given a care relationship
POPULATION_STRATIFY = "population.stratify"  # `locality stratify run` on a dataset (0010)

ALL_PERMISSIONS = frozenset(
    v for k, v in dict(globals()).items() if k.isupper() and isinstance(v, str) and "." in v
)

FRONTLINE = frozenset(
    {PERSON_VIEW, PERSON_CREATE, PERSON_CHANGE, CONSENT_RECORD, REFERRAL_CREATE, BREAK_GLASS_USE}
    | {POPULATION_OUTREACH_VIEW, POPULATION_REIDENTIFY}
)


class Role:
    key: str = ""
    label: str = ""
    description: str = ""
    permissions: frozenset[str] = frozenset()
    identifiable: bool = False  # may this role ever see identifiable data?

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        unknown = cls.permissions - ALL_PERMISSIONS
        if unknown:
            raise ValueError(f"{cls.__name__} lists unknown permissions {sorted(unknown)}")


class Coordinator(Role):
    key = "coordinator"
    label = "Coordinator"
    description = "Local area coordinator or care coordinator holding a caseload."
    permissions = FRONTLINE | {CASELOAD_MANAGE, POPULATION_OUTREACH_IMPORT}
    identifiable = True


class Practitioner(Role):
    key = "practitioner"
    label = "Practitioner"
    description = "GP, social prescriber, housing or care worker seeing residents."
    permissions = FRONTLINE
    identifiable = True


class TeamLead(Role):
    key = "team_lead"
    label = "Team lead"
    description = "Leads a neighbourhood team: caseloads, allocation, MDT."
    permissions = FRONTLINE | {CASELOAD_MANAGE, POPULATION_OUTREACH_IMPORT}
    identifiable = True


class IGLead(Role):
    key = "ig_lead"
    label = "Information governance lead"
    description = "Reviews the audit log and break-glass use; answers subject access requests."
    permissions = frozenset(
        {AUDIT_VIEW, BREAK_GLASS_REVIEW, SUBJECT_ACCESS_EXPORT, POPULATION_EXPORT}
        | {POPULATION_STRATIFY}
    )
    identifiable = True


class Analyst(Role):
    key = "analyst"
    label = "Analyst"
    description = "Programme analyst: pseudonymised and aggregate data only, never identifiable."
    permissions = frozenset({PERSON_VIEW_PSEUDONYMOUS, ANALYTICS_VIEW, POPULATION_STRATIFY})
    identifiable = False


class DirectoryEditor(Role):
    key = "directory_editor"
    label = "Directory editor"
    description = "Keeps the community asset directory verified and fresh."
    permissions = frozenset({DIRECTORY_EDIT})
    identifiable = False


class Administrator(Role):
    key = "administrator"
    label = "Administrator"
    description = "Manages staff accounts and organisations; no access to residents' records."
    permissions = frozenset({USERS_MANAGE, ORGANISATIONS_MANAGE})
    identifiable = False


class SystemOperator(Role):
    """Whoever runs the `locality` command on the server: audited as such."""

    key = "system"
    label = "System operator (command line)"
    description = "The operator of the server's command line."
    permissions = frozenset(
        {
            AUDIT_VIEW,
            SUBJECT_ACCESS_EXPORT,
            PERSON_CREATE,
            PERSON_CHANGE,
            CASELOAD_MANAGE,
            REFERRAL_CREATE,
            CONSENT_RECORD,
            USERS_MANAGE,
            ORGANISATIONS_MANAGE,
            DIRECTORY_EDIT,
            POPULATION_EXPORT,
        }
    )
    identifiable = True


ROLES: dict[str, type[Role]] = {
    r.key: r
    for r in (Coordinator, Practitioner, TeamLead, IGLead, Analyst, DirectoryEditor, Administrator)
}


def role_for(key: str) -> type[Role]:
    if key == SystemOperator.key:
        return SystemOperator
    try:
        return ROLES[key]
    except KeyError:
        raise ValueError(f"unknown role {key!r}; roles are {', '.join(ROLES)}") from None
