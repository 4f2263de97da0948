from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    # Trigram similarity gives site search its typo tolerance.
    operations = [TrigramExtension()]
