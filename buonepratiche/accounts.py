"""Sign-in pages in Italian and in the site's design, on Django's own auth views."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse, reverse_lazy


class LoginView(auth_views.LoginView):
    """After login, officers land in their area and staff who act for no body in the back office
    (the officers' area would only tell them they are not an officer)."""

    def get_default_redirect_url(self):
        from submissions.models import BodyMembership

        user = self.request.user
        if user.is_staff and not BodyMembership.objects.for_user(user).exists():
            return reverse("admin:index")
        return super().get_default_redirect_url()


urlpatterns = [
    path("accesso/", LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uscita/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/modifica/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/modifica/fatto/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The reset answers the same whether or not the address belongs to an account.
    path("password/reimposta/", auth_views.PasswordResetView.as_view(
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    ), name="password_reset"),
    path("password/reimposta/inviata/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reimposta/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("password_reset_complete"),
    ), name="password_reset_confirm"),
    path("password/reimposta/completata/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
