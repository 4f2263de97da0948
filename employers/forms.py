from django import forms

from employers import claims
from employers.models import Claim


class ClaimForm(forms.ModelForm):
    """Asking to join a company's team. The company is the page's; the address is checked
    against its email domains here, and again when the claim is recorded."""

    class Meta:
        model = Claim
        fields = ["email", "job_title"]
        labels = {"email": "Your work address", "job_title": "Your job title"}
        help_texts = {
            "email": "We mail a link there: following it shows the address is yours.",
            "job_title": "For the editors who approve you, e.g. Engineering manager.",
        }

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields["job_title"].widget.attrs.update(autocomplete="organization-title")

    def clean_email(self):
        local, _, domain = self.cleaned_data["email"].rpartition("@")
        email = f"{local}@{domain.lower()}"
        if problem := claims.address_problem(self.company, email):
            raise forms.ValidationError(problem)
        return email
