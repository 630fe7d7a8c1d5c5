from .audit import AuditChainHead, AuditEvent
from .breakglass import BreakGlass
from .consent import ConsentRecord
from .organisations import Organisation, Team
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "BreakGlass",
    "ConsentRecord",
    "Organisation",
    "Team",
    "User",
]
