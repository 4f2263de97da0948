"""Pay for one level across companies and across locations, from readers' reports (the page
/companies/pay/). A company or a location is shown only once enough independent reports back
its median (settings.PAY_REPORTS_FOR_MEDIAN, as on company pages), so no figure stands for one
reader; the spread of every report at the level is drawn only from as many."""

import operator
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.db.models.functions import Lower, Trim

from companies import contributions
from companies.models import REFERENCE_CURRENCY, Company, PayReport, exchange_rates
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
    """What readers report for `level` on `track`, in `currency`. Two queries: the counted
    reports' figures at the level, read once and grouped here by company and by place, and the
    names of the companies shown."""
    # Readers type their location: "Berlin" and "berlin " are one place.
    figures = list(
        PayReport.objects.filter(level=level, track=track)
        .annotate(place=Lower(Trim("location")))
        .figures("company_id", "place")
    )

    def groups(by: int) -> list[tuple]:
        found = []
        # The company or the place, the level, the track.
        grouping = operator.itemgetter(by, 2, 3)
        needed = settings.PAY_REPORTS_FOR_MEDIAN
        for key, stats in contributions.summarise(figures, key=grouping, least=needed).items():
            if stats.enough and (shown := stats.converted_to(currency, units_per_usd)):
                found.append((key[0], shown))
        return sorted(found, key=lambda item: -item[1].median)

    by_company = groups(0)
    names = Company.objects.listed().only("name", "slug").in_bulk([pk for pk, _ in by_company])
    companies = [
        Group(names[pk].name, names[pk], stats) for pk, stats in by_company if pk in names
    ][:MOST_SHOWN]
    locations = [Group(place.title(), None, stats) for place, stats in groups(1)][:MOST_SHOWN]
    # One figure per source, its latest report's (the rows come newest first).
    rates = {code: rate.units_per_usd for code, rate in exchange_rates().items()}
    rates[REFERENCE_CURRENCY] = Decimal(1)
    latest: dict[str, float] = {}
    for *_, total, report_currency, _year, source in figures:
        if source not in latest and report_currency in rates:
            latest[source] = float(total) / float(rates[report_currency])
    totals = np.array(list(latest.values()), dtype=float) * float(units_per_usd)
    spread = None
    if len(totals) >= settings.PAY_REPORTS_FOR_MEDIAN:
        spread = charts.histogram(totals, currency=currency, minimum=None)
    return LevelPay(companies, locations, spread, len(totals))
