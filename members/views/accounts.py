"""allauth's sign-in page, answering 429 Too Many Requests when it refuses for too many failures."""

from http import HTTPStatus

from allauth.account.views import LoginView as AllauthLoginView
from django.forms.forms import NON_FIELD_ERRORS


class LoginView(AllauthLoginView):
    def form_invalid(self, form):
        # allauth says so in the form, with a 200: the person reads the same message, and
        # scripts, proxies and logs see that the address is being held back.
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response


login = LoginView.as_view()
