"""The forms readers fill in: a review, a pay report and an interview experience."""

import re

from django import forms
from django.utils import timezone
from django.utils.text import capfirst

from companies.models import (
    RATING_FIELDS,
    REFERENCE_CURRENCY,
    REVIEW_TEXT_MAX,
    EmploymentStatus,
    ExchangeRate,
    InterviewExperience,
    InterviewFeeling,
    InterviewOutcome,
    InterviewStage,
    PayReport,
    Review,
)

SCORES = [(score, str(score)) for score in range(1, 6)]
# Anything that looks like an HTML tag, comment or doctype.
HTML_TAG = re.compile(r"<\s*[/!?]?\s*[a-zA-Z]")
# Pay beyond this per year is a typo, not a salary.
PAY_MAX = 10_000_000


class HoneypotMixin(forms.Form):
    """A field people never see or fill in, hidden by the stylesheet; forms that arrive with
    it filled came from a script."""

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def caught(self) -> bool:
        return bool(self.data.get("website", "").strip())


def _score_as_radios(db_field, **kwargs):
    """A review's six scores as a row of five radio buttons each, labelled as the model names
    them; every other field as the model makes it."""
    if db_field.name in RATING_FIELDS:
        return forms.TypedChoiceField(
            label=capfirst(db_field.verbose_name),
            choices=SCORES,
            coerce=int,
            widget=forms.RadioSelect,
            required=True,
        )
    return db_field.formfield(**kwargs)


class ReviewForm(HoneypotMixin, forms.ModelForm):
    TEXT_FIELDS = ("headline", "pros", "cons", "advice")

    class Meta:
        model = Review
        formfield_callback = _score_as_radios
        fields = [
            "employment_status",
            "role_family",
            "last_year",
            *RATING_FIELDS,
            "headline",
            "pros",
            "cons",
            "advice",
        ]
        labels = {
            "employment_status": "You are a",
            "role_family": "Your role family",
            "last_year": "Last year you worked there",
            "advice": "Advice to leadership (optional)",
        }
        help_texts = {
            "role_family": "Shown as “Engineering” until five reviews at the company share it.",
            "last_year": "Leave empty if you work there now.",
        }
        widgets = {
            "employment_status": forms.RadioSelect,
            "pros": forms.Textarea(attrs={"rows": 5}),
            "cons": forms.Textarea(attrs={"rows": 5}),
            "advice": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("pros", "cons", "advice"):
            self.fields[name].max_length = REVIEW_TEXT_MAX
            self.fields[name].widget.attrs["maxlength"] = REVIEW_TEXT_MAX
            self.fields[name].validators.append(
                forms.fields.validators.MaxLengthValidator(REVIEW_TEXT_MAX)
            )
        self.fields["last_year"].widget.attrs.update({"min": 1950, "max": timezone.now().year})
        # Radio buttons need no empty choice: nothing checked already says "not chosen yet".
        self.fields["employment_status"].choices = EmploymentStatus.choices

    def clean(self):
        cleaned = super().clean()
        for name in self.TEXT_FIELDS:
            value = cleaned.get(name)
            if value and HTML_TAG.search(value):
                self.add_error(
                    name, "Write plain text: HTML tags such as <b> or <script> are not accepted."
                )
        status, last_year = cleaned.get("employment_status"), cleaned.get("last_year")
        this_year = timezone.now().year
        if last_year is not None and not 1950 <= last_year <= this_year:
            self.add_error("last_year", f"Give a year between 1950 and {this_year}.")
        elif status == EmploymentStatus.FORMER and last_year is None:
            self.add_error("last_year", "Say the last year you worked there.")
        elif status == EmploymentStatus.CURRENT:
            cleaned["last_year"] = this_year
        return cleaned


def currency_choices():
    codes = [REFERENCE_CURRENCY, *ExchangeRate.objects.values_list("currency", flat=True)]
    return [(code, code) for code in sorted(set(codes))]


class PayReportForm(HoneypotMixin, forms.ModelForm):
    currency = forms.ChoiceField(choices=currency_choices)

    class Meta:
        model = PayReport
        fields = ["level", "track", "location", "currency", "base", "bonus", "equity", "year"]
        labels = {
            "base": "Base salary per year",
            "bonus": "Bonus per year",
            "equity": "Equity per year",
            "year": "Year these figures are for",
        }
        help_texts = {
            "location": "City or country, as you would say it, e.g. “Berlin” or “Remote, EU”.",
            "equity": "What your grants vest per year, at their value when granted; 0 if none.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.now().year
        self.fields["year"].initial = this_year
        self.fields["year"].widget.attrs.update({"min": this_year - 5, "max": this_year})
        self.fields[
            "currency"
        ].help_text = "The currencies we can compare; ask the editors if yours is missing."
        for name in ("base", "bonus", "equity"):
            self.fields[name].widget.attrs.update({"min": 0, "max": PAY_MAX})

    def clean(self):
        cleaned = super().clean()
        if HTML_TAG.search(cleaned.get("location") or ""):
            self.add_error("location", "Write plain text: HTML tags are not accepted.")
        for name in ("base", "bonus", "equity"):
            value = cleaned.get(name)
            if value is not None and value > PAY_MAX:
                self.add_error(name, f"That is more than {PAY_MAX:,} a year: check the figure.")
        if cleaned.get("base") == 0:
            self.add_error("base", "Give your base salary.")
        this_year = timezone.now().year
        year = cleaned.get("year")
        if year is not None and not this_year - 5 <= year <= this_year:
            self.add_error("year", f"Give a year between {this_year - 5} and {this_year}.")
        return cleaned


class InterviewForm(HoneypotMixin, forms.ModelForm):
    stages = forms.MultipleChoiceField(
        label="The stages it had",
        choices=InterviewStage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    difficulty = forms.TypedChoiceField(
        label="Difficulty, from 1 (very easy) to 5 (very hard)",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = InterviewExperience
        fields = [
            "role_family",
            "level",
            "year",
            "stages",
            "weeks",
            "difficulty",
            "outcome",
            "feeling",
            "questions",
        ]
        labels = {
            "role_family": "The role you interviewed for",
            "level": "Its level (optional)",
            "weeks": "Weeks from first contact to a decision",
            "outcome": "How it ended",
            "feeling": "How it felt, on the whole",
            "questions": "The kinds of questions you were asked",
        }
        widgets = {
            "outcome": forms.RadioSelect,
            "feeling": forms.RadioSelect,
            "questions": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.now().year
        self.fields["year"].widget.attrs.update({"min": this_year - 5, "max": this_year})
        self.fields["weeks"].widget.attrs.update({"min": 0, "max": 52})
        # Radio buttons need no empty choice.
        self.fields["outcome"].choices = InterviewOutcome.choices
        self.fields["feeling"].choices = InterviewFeeling.choices

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.now().year
        if not this_year - 5 <= year <= this_year:
            raise forms.ValidationError(f"Give a year from {this_year - 5} to {this_year}.")
        return year

    def clean_questions(self):
        text = self.cleaned_data["questions"].strip()
        if HTML_TAG.search(text):
            raise forms.ValidationError("Plain text only, please: no HTML.")
        if len(text) < 40:
            raise forms.ValidationError(
                "Say a little more (at least 40 characters): what kinds of problems, in your "
                "own words."
            )
        return text
