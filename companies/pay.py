"""Pay for one level across companies and across locations, from readers' reports (the page
/companies/pay/). A company or a location is shown only once enough independent reports back
its median (settings.PAY_REPORTS_FOR_MEDIAN, as on company pages), so no figure stands for one
reader; the spread of every report at the level is drawn only from as many."""

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models.functions import Lower, Trim

from companies import contributions
from companies.models import Company, PayReport
from core import charts

# Groups listed in each chart and table, the highest medians first.
MOST_SHOWN = 20


@dataclass
class Group:
    label: str
    company: Company | None
    stats: contributions.PayStats  # in the page's currency


@dataclass
class LevelPay:
    companies: list[Group]
    locations: list[Group]
    spread: charts.Histogram | None
    reports: int


def level_pay(level: str, track: str, *, currency: str, units_per_usd) -> LevelPay:
    """What readers report for `level` on `track`, in `currency`. Four queries."""
    # Readers type their location: "Berlin" and "berlin " are one place.
    reports = PayReport.objects.filter(level=level, track=track).annotate(
        place=Lower(Trim("location"))
    )

    def groups(by: str) -> list[tuple]:
        found = []
        for key, stats in contributions.pay_stats(reports, by=(by,)).items():
            shown = stats.converted_to(currency, units_per_usd)
            if stats.enough and shown is not None:
                found.append((key[0], shown))
        return sorted(found, key=lambda item: -item[1].median)

    by_company = groups("company_id")
    names = Company.objects.listed().in_bulk([pk for pk, _ in by_company])
    companies = [
        Group(names[pk].name, names[pk], stats) for pk, stats in by_company if pk in names
    ][:MOST_SHOWN]
    locations = [Group(place.title(), None, stats) for place, stats in groups("place")][:MOST_SHOWN]
    counted = reports.counted().totals_in_usd_by_source()
    totals = np.array(counted, dtype=float) * float(units_per_usd)
    spread = None
    if len(totals) >= settings.PAY_REPORTS_FOR_MEDIAN:
        spread = charts.histogram(totals, currency=currency, minimum=None)
    return LevelPay(companies, locations, spread, len(totals))
