import unicodedata

from django import forms
from django_countries import countries

from alerts.models import (
    MAX_MIN_SALARY,
    NAME_LENGTH,
    Frequency,
    Importance,
    Preferences,
    SavedSearch,
)
from companies.models import REFERENCE_CURRENCY, CultureTag, ExchangeRate, SizeBand, Stage
from jobs.models import Level, Track, Workplace


class SavedSearchForm(forms.ModelForm):
    # Not a model field of the form: changing it moves the schedule (set_frequency).
    frequency = forms.ChoiceField(
        label="Email me new roles", choices=Frequency.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = SavedSearch
        fields = ["name"]
        labels = {"name": "Name"}
        help_texts = {"name": f"Up to {NAME_LENGTH} characters, for your list and the emails."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"maxlength": NAME_LENGTH, "autocomplete": "off"})
        if self.instance.pk:
            self.fields["frequency"].initial = self.instance.frequency

    def clean_name(self):
        # A name goes into email subjects: no line breaks or other control characters.
        name = "".join(
            " " if unicodedata.category(ch).startswith("C") else ch
            for ch in self.cleaned_data["name"]
        )
        name = " ".join(name.split())
        if not name:
            raise forms.ValidationError("Give the search a name.")
        return name

    def save(self, commit=True):
        self.instance.set_frequency(self.cleaned_data["frequency"])
        return super().save(commit)


def _any_of(label: str, choices) -> forms.MultipleChoiceField:
    """Any of some choices, ticked in a checkbox each; none ticked means any."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class PreferencesForm(forms.ModelForm):
    """What matters to a reader. Every field is optional; a culture tag each gets a choice of
    how much it matters. Choices come from the models, so a tampered value is a form error."""

    levels = _any_of("Level", Level.choices)
    tracks = _any_of("Track", Track.choices)
    workplaces = _any_of("Workplace", Workplace.choices)
    countries = forms.MultipleChoiceField(
        label="Countries you can work from",
        choices=lambda: list(countries),
        required=False,
        help_text="A remote role counts when it hires from any of them.",
    )
    stages = _any_of("Company stage", Stage.choices)
    sizes = _any_of("Company size (people)", SizeBand.choices)
    min_salary = forms.IntegerField(
        label="Minimum salary a year",
        required=False,
        min_value=0,
        max_value=MAX_MIN_SALARY,
    )
    currency = forms.ChoiceField(label="Currency", choices=[])

    class Meta:
        model = Preferences
        fields = [
            "levels",
            "tracks",
            "workplaces",
            "countries",
            "min_salary",
            "currency",
            "stages",
            "sizes",
            "ladder",
        ]
        labels = {"ladder": "Only a ladder that names tech lead counts"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [
            (code, code)
            for code in [
                REFERENCE_CURRENCY,
                *ExchangeRate.objects.order_by("currency").values_list("currency", flat=True),
            ]
        ]
        self.tags = list(CultureTag.objects.order_by("name"))
        for tag in self.tags:
            self.fields[f"tag_{tag.slug}"] = forms.TypedChoiceField(
                label=tag.name,
                choices=[("", "Doesn't matter"), *Importance.choices],
                coerce=int,
                empty_value=None,
                required=False,
                initial=self.instance.tags.get(tag.slug),
            )

    def tag_fields(self):
        return [self[f"tag_{tag.slug}"] for tag in self.tags]

    def save(self, commit=True):
        self.instance.tags = {
            tag.slug: self.cleaned_data[f"tag_{tag.slug}"]
            for tag in self.tags
            if self.cleaned_data.get(f"tag_{tag.slug}")
        }
        return super().save(commit)


def preferences_from_query(query) -> dict:
    """Initial values for the preferences form from a board query (a self-assessment's path
    links here with its roles' filters): only the values the form offers, the rest dropped."""
    form = PreferencesForm()
    initial: dict = {}
    for name, field in [
        ("level", "levels"),
        ("track", "tracks"),
        ("workplace", "workplaces"),
        ("country", "countries"),
        ("stage", "stages"),
    ]:
        offered = {str(value) for value, _ in form.fields[field].choices}
        chosen = [value for value in query.getlist(name) if value in offered]
        if chosen:
            initial[field] = chosen
    if query.get("ladder") == "on":
        initial["ladder"] = True
    for slug in query.getlist("tag"):
        if f"tag_{slug}" in form.fields:
            initial[f"tag_{slug}"] = Importance.IMPORTANT
    return initial
