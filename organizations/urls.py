from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("add/", views.organization_add, name="add"),
    path("<id:pk>/", views.organization_detail, name="detail"),
    path("<id:pk>/edit/", views.organization_edit, name="edit"),
    path("<id:pk>/deactivate/", views.organization_deactivate, name="deactivate"),
    path("<id:pk>/reactivate/", views.organization_reactivate, name="reactivate"),
]
