from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context, ratelimit
from django import forms
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def clean_email(self):
        email = super().clean_email()
        # allauth limits sign-ups per address only through the confirmation email's cooldown;
        # this limits the attempts themselves, whether or not the address has an account.
        if email and not ratelimit.consume(
            context.request, action="signup_email", key=email.lower()
        ):
            raise forms.ValidationError(
                "Too many sign-up attempts for this address. Please try again later."
            )
        return email

    def try_save(self, request):
        """For an address that already has an account allauth stores nothing and mails its
        owner instead, which skipped the password hash a new account costs: that difference
        (seconds, by design of the hasher) told taken addresses from free ones. Both cost
        one hash now."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Deleting cannot be undone.",
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
