import unicodedata

from django import forms

from alerts.models import NAME_LENGTH, Frequency, SavedSearch


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
