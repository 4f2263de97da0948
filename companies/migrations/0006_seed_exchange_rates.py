"""Starting exchange rates for every currency the site's roles and comp rows are paid in, so pay
compares across currencies from the first deploy; editors keep them current in admin."""

import datetime
from decimal import Decimal

from django.db import migrations

AS_OF = datetime.date(2026, 11, 2)

# Units of each currency per US dollar, rounded as a reference site would quote them.
UNITS_PER_USD = {
    "AUD": "1.53",
    "BRL": "5.38",
    "CAD": "1.39",
    "CHF": "0.80",
    "CLP": "945",
    "COP": "3890",
    "DKK": "6.44",
    "EUR": "0.863",
    "GBP": "0.762",
    "GHS": "11.2",
    "IDR": "16650",
    "ILS": "3.27",
    "INR": "88.6",
    "ISK": "127",
    "JPY": "153",
    "KES": "129",
    "KRW": "1440",
    "MXN": "18.4",
    "MYR": "4.19",
    "NGN": "1440",
    "NOK": "10.1",
    "NZD": "1.76",
    "PEN": "3.38",
    "PHP": "58.9",
    "PLN": "3.68",
    "SEK": "9.49",
    "SGD": "1.30",
    "ZAR": "17.3",
}


def seed(apps, schema_editor):
    ExchangeRate = apps.get_model("companies", "ExchangeRate")
    ExchangeRate.objects.bulk_create(
        ExchangeRate(currency=code, units_per_usd=Decimal(units), as_of=AS_OF)
        for code, units in UNITS_PER_USD.items()
        if not ExchangeRate.objects.filter(currency=code).exists()
    )


def unseed(apps, schema_editor):
    apps.get_model("companies", "ExchangeRate").objects.filter(
        currency__in=UNITS_PER_USD, as_of=AS_OF
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("companies", "0005_exchange_rates")]

    operations = [migrations.RunPython(seed, unseed)]
