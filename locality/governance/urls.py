from django.urls import path

from locality.governance.views import ig

app_name = "ig"

urlpatterns = [
    path("audit/", ig.audit_log, name="audit"),
    path("audit/verify/", ig.verify, name="verify"),
    path("audit/person/<str:pseudo_id>/", ig.person_access, name="person_access"),
    path("break-glass/", ig.break_glass_list, name="break_glass_list"),
    path("break-glass/<int:pk>/", ig.break_glass_review, name="break_glass_review"),
]
