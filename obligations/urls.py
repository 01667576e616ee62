from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("my/", views.my_organization, name="my_organization"),
    path("summary/", views.summary, name="summary"),
    path("matrix/", views.matrix, name="matrix"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/accept/", views.bulk_accept, name="bulk_accept"),
    path("progress/", views.bulk_progress, name="bulk_progress"),
    path("<int:pk>/", views.obligation_detail, name="detail"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/evidence/<int:evidence_pk>/file/", views.evidence_replace_file, name="evidence_replace_file"),
    path("<int:pk>/progress/", views.set_progress, name="set_progress"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("organizations/<int:pk>/", views.organization_obligations, name="organization"),
    path("organizations/<int:pk>/chase/", views.chase_organization, name="chase_organization"),
    path("organizations/<int:pk>/evidence.zip", views.organization_evidence_zip, name="organization_zip"),
    path("activities/<int:pk>/chase/", views.chase_activity, name="chase_activity"),
    path("activities/<int:pk>/evidence.zip", views.activity_evidence_zip, name="activity_zip"),
]
