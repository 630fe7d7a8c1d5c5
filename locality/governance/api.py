from ninja import Router, Schema

router = Router(tags=["staff"])


class MeOut(Schema):
    email: str
    full_name: str
    organisation: str
    team: str | None
    role: str
    permissions: list[str]


@router.get("/me", response=MeOut, summary="Who the token belongs to")
def me(request):
    user = request.auth
    return MeOut(
        email=user.email,
        full_name=user.full_name,
        organisation=user.organisation.name,
        team=user.team.name if user.team else None,
        role=user.role,
        permissions=sorted(user.role_class.permissions),
    )
