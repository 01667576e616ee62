from django.urls import path

from . import people

app_name = "people"
urlpatterns = [
    path("", people.user_list, name="list"),
    path("invite/", people.user_invite, name="invite"),
    path("<id:pk>/", people.user_detail, name="detail"),
    path("<id:pk>/role/", people.user_change_role, name="change_role"),
    path("<id:pk>/resend/", people.user_resend_invitation, name="resend_invitation"),
    path("<id:pk>/reset/", people.user_send_reset, name="send_reset"),
    path("<id:pk>/deactivate/", people.user_deactivate, name="deactivate"),
    path("<id:pk>/reactivate/", people.user_reactivate, name="reactivate"),
]
