"""The back-office: sign in, a home listing the officer's roles, sign out."""

from typing import cast

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.selectors import officer_roles
from motcua.backoffice.forms import OfficerLoginForm
from motcua.backoffice.presenters import officer_role


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = OfficerLoginForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # login_required lets only a signed-in user (never AnonymousUser) through.
    user = cast(User, request.user)
    roles = [officer_role(a) for a in officer_roles(user=user, on=timezone.localdate())]
    return render(request, "backoffice/home.html", {"officer": user, "roles": roles})
