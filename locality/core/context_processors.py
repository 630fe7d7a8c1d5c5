from django.conf import settings


def locality(request):
    user = getattr(request, "user", None)
    role = None
    if user is not None and user.is_authenticated:
        role = user.role_class
    return {"locality_demo": settings.LOCALITY_DEMO, "user_role": role}
