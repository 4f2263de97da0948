"""django-axes for the editors' sign-in only."""

from axes.handlers.database import AxesDatabaseHandler


class AdminOnlyAxesHandler(AxesDatabaseHandler):
    """Counts failed sign-ins at /admin/ only. Readers sign in at /account/ with
    django-allauth, which limits failures itself; counted here they would all be one unnamed
    user per client address, and five typos in an office would lock every reader in it out."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None and not self.is_admin_request(request):
            return
        super().user_login_failed(sender, credentials, request=request, **kwargs)
