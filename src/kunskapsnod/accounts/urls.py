from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from kunskapsnod.accounts import views
from kunskapsnod.accounts.password_reset import ThrottledPasswordResetView

app_name = "accounts"

urlpatterns = [
    path("logga-in/", login_not_required(auth_views.LoginView.as_view()), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path(
        "losenord/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("losenord/klart/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "aterstall/",
        login_not_required(
            ThrottledPasswordResetView.as_view(success_url=reverse_lazy("accounts:password_reset_done"))
        ),
        name="password_reset",
    ),
    path(
        "aterstall/skickat/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete"))
        ),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("granskningslogg/", views.audit_log, name="audit_log"),
]
