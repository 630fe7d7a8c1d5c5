"""Who is acting: a staff user, or the operator of the command line."""

import getpass
from dataclasses import dataclass

from locality.governance.roles import SystemOperator


@dataclass(frozen=True)
class SystemActor:
    """The person running `locality` on the server, audited as `cli:<login>`."""

    login: str
    id = None
    organisation = None
    organisation_id = None
    team = None
    team_id = None
    role = SystemOperator.key
    role_class = SystemOperator
    is_active = True
    is_authenticated = True

    @property
    def email(self) -> str:
        return f"cli:{self.login}"

    def has_permission(self, permission: str) -> bool:
        return permission in SystemOperator.permissions


def cli_actor() -> SystemActor:
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return SystemActor(login=login)


@dataclass(frozen=True)
class TaskActor(SystemActor):
    """A background task run by `locality worker` for the operator, audited as `task:<name>`."""

    @property
    def email(self) -> str:
        return f"task:{self.login}"
