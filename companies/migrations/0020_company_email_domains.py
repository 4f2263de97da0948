import django.contrib.postgres.fields
from django.db import migrations, models

import companies.domains


def demo_domains(apps, schema_editor):
    """The demo companies (whose sites are at https://<slug>.example) receive mail there."""
    Company = apps.get_model("companies", "Company")
    for company in Company.objects.filter(website__regex=r"^https://[a-z0-9-]+\.example/?$"):
        company.email_domains = [company.website.removeprefix("https://").rstrip("/")]
        company.save(update_fields=["email_domains"])


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0019_interview_experiences"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="email_domains",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    max_length=253, validators=[companies.domains.validate_company_domain]
                ),
                blank=True,
                default=list,
                help_text="Where the company's people receive mail, comma-separated (acme.com, "
                "acme.io). A reader with an address at one may ask to join the company's team.",
            ),
        ),
        migrations.RunPython(demo_domains, migrations.RunPython.noop, elidable=True),
    ]
