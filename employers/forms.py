from urllib.parse import urlsplit

from django import forms

from employers import claims
from employers.models import Claim
from jobs.importing import BOARD_FORMATS


class WorkAddress:
    """A form's `email`, an address at `self.company`'s domains (claims.address_problem), its
    domain in lower case."""

    company: object
    cleaned_data: dict

    def clean_email(self):
        local, _, domain = self.cleaned_data["email"].rpartition("@")
        email = f"{local}@{domain.lower()}"
        if problem := claims.address_problem(self.company, email):
            raise forms.ValidationError(problem)
        return email


class ClaimForm(WorkAddress, forms.ModelForm):
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


class FeedForm(forms.Form):
    """Connecting a company's applicant-tracking board: its public API's address and format."""

    format = forms.ChoiceField(
        label="Your applicant-tracking system",
        choices=[(chosen.value, chosen.label.removesuffix(" JSON")) for chosen in BOARD_FORMATS],
        widget=forms.RadioSelect,
    )
    url = forms.URLField(
        label="Your board's public address",
        max_length=500,
        assume_scheme="https",
        help_text="Greenhouse: https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true · "
        "Lever: https://api.lever.co/v0/postings/acme?mode=json · "
        "Ashby: https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs.update(inputmode="url", spellcheck="false")

    def clean_url(self):
        url = self.cleaned_data["url"]
        if urlsplit(url).scheme not in {"http", "https"}:
            raise forms.ValidationError("Give an http or https address.")
        return url


class InvitationForm(WorkAddress, forms.Form):
    """A colleague's work address, checked against the company's domains as a claim's is."""

    email = forms.EmailField(
        label="Your colleague's work address",
        help_text="We mail them a link; following it puts them on the team.",
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["email"].widget.attrs.update(inputmode="email", autocomplete="off")
