"""Putting companies side by side: which companies a query string names, their ladders lined
up on Ladder's L3–L8 scale (the level-mapping page, /companies/levels/), and everything else
a reader weighs, row by row (the comparison, /companies/compare/).

The companies come from `?company=<slug>` repeated, in the reader's order. Anything a reader
or a tampered link can put there is answered with a notice and a working page: an unknown or
unlisted company, one named twice, more than MAX_COMPARED, or none.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify

from companies import contributions, openings
from companies.models import (
    RATING_FIELDS,
    REFERENCE_CURRENCY,
    Company,
    CompanyTag,
    CompSignal,
    CompTrack,
    LadderLevel,
    Level,
    exchange_rates,
    shown_career_rating,
)

MAX_COMPARED = 4
# What a company's address can be (a slug field holds at most 50 characters).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
# Values of `company` looked at, at most: a query string can repeat it thousands of times.
MAX_NAMED = 20
# Companies suggested by name in the "add a company" box.
SUGGESTED = 100
# Top to bottom: the highest level first, as a ladder is drawn.
SCALE_TOP_DOWN = list(reversed(Level.values))


@dataclass
class Chosen:
    companies: list[Company]
    notices: list[str] = field(default_factory=list)

    @property
    def slugs(self) -> list[str]:
        return [company.slug for company in self.companies]


def shown(value: str) -> str:
    """Something a reader sent, as a notice quotes it: short, and only printable."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in value[:60])


def choose(values: list[str], queryset=None) -> Chosen:
    """The listed companies `values` (slugs) name, each once, at most MAX_COMPARED, in the
    order given; every value left out is said in a notice."""
    queryset = queryset if queryset is not None else Company.objects.listed()
    notices = []
    if len(values) > MAX_NAMED:
        notices.append(f"Only the first {MAX_NAMED} companies named in the address were read.")
        values = values[:MAX_NAMED]
    wanted: list[str] = []
    for value in (value.strip() for value in values):
        if not value:
            continue
        if value in wanted:
            notices.append(f"“{shown(value)}” was named twice; it is shown once.")
            continue
        wanted.append(value)
    slugs = [value for value in wanted if SLUG.fullmatch(value)]
    found = {company.slug: company for company in queryset.filter(slug__in=slugs)} if slugs else {}
    companies = []
    for value in wanted:
        if value not in found:
            notices.append(f"No company in the directory has the address “{shown(value)}”.")
        else:
            companies.append(found[value])
    if len(companies) > MAX_COMPARED:
        left_out = ", ".join(company.name for company in companies[MAX_COMPARED:])
        notices.append(f"Up to {MAX_COMPARED} companies fit side by side; left out: {left_out}.")
        companies = companies[:MAX_COMPARED]
    return Chosen(companies, notices)


def find(text: str) -> tuple[Company | None, list[Company]]:
    """The listed company a reader typed (its name or address), or None and the few whose
    names contain the text, for the reader to pick from."""
    text = "".join(ch for ch in text[:120] if ch.isprintable()).strip()
    if not text:
        return None, []
    listed = Company.objects.listed()
    exact = list(listed.filter(Q(slug=slugify(text)) | Q(name__iexact=text))[:2])
    if len(exact) == 1:
        return exact[0], []
    candidates = list(listed.filter(name__icontains=text).order_by("name")[:7])
    if len(candidates) == 1:
        return candidates[0], []
    return None, candidates[:6]


def suggestions() -> list[str]:
    """Names for the "add a company" box: listed companies with a ladder, in the directory's
    rating order, read in that order from its index and cut short (a fraction of a
    millisecond at 10,000 companies, where sorting them all by reviews took 40 ms)."""
    return list(
        Company.objects.listed()
        .filter(Exists(LadderLevel.objects.filter(company=OuterRef("pk"))))
        .order_by(shown_career_rating().desc(nulls_last=True), "name")
        .values_list("name", flat=True)[:SUGGESTED]
    )


@dataclass
class Pay:
    """A level's typical total pay a year, from the editors' comp row."""

    level: str
    amount: int
    currency: str


def _typical(signal: CompSignal) -> tuple[int, str]:
    """A comp row's typical total, in the currency it was converted to when a rate allows."""
    converted = signal.in_currency()
    if converted is not None:
        return converted["total_comp"], converted["currency"]
    return signal.total_comp, signal.currency


@dataclass
class Box:
    """One level of a company's ladder as drawn: the rows it spans and the lane it is in."""

    level: LadderLevel
    lane: int
    pay: list["Pay"]
    focus: bool = False
    match: bool = False

    @property
    def top(self) -> int:
        return SCALE_TOP_DOWN.index(self.level.highest) + 1

    @property
    def bottom(self) -> int:
        return SCALE_TOP_DOWN.index(self.level.lowest) + 2


@dataclass
class Column:
    company: Company
    boxes: list[Box]

    @property
    def lanes(self) -> int:
        return max((box.lane for box in self.boxes), default=1)

    @property
    def matches(self) -> list[Box]:
        return [box for box in self.boxes if box.match]


@dataclass
class TrackMap:
    track: str
    label: str
    columns: list[Column]


@dataclass
class LevelMap:
    tracks: list[TrackMap]
    focus: LadderLevel | None
    without_ladder: list[Company]


def level_map(
    companies: list[Company], *, focus_id: str = "", currency: str = ""
) -> tuple[LevelMap, list[str]]:
    """The companies' ladders on the L3–L8 scale, track by track, with each level's typical
    pay (the editors' comp rows, in `currency` when one is given); `focus_id` (a level of one
    of them) marks that level and the levels of the others that overlap it. Two queries."""
    notices = []
    levels = list(LadderLevel.objects.filter(company__in=companies).in_ladder_order())
    by_pk = {company.pk: company for company in companies}
    for level in levels:
        level.company = by_pk[level.company_id]
    signals = CompSignal.objects.filter(company__in=companies)
    if currency:
        signals = signals.converted_to(currency)
    pay = {(s.company_id, s.track, s.level): s for s in signals}

    focus = None
    if focus_id:
        focus = next((level for level in levels if str(level.pk) == focus_id), None)
        if focus is None:
            notices.append(
                "The level in the address is not on these companies' ladders (it may have been "
                "renamed since the link was made); choose yours again."
            )
    by_company: dict[int, list[LadderLevel]] = {}
    for level in levels:
        by_company.setdefault(level.company_id, []).append(level)

    tracks = []
    for track in CompTrack:
        columns = []
        for company in companies:
            on_track = [level for level in by_company.get(company.pk, []) if level.track == track]
            if on_track:
                columns.append(Column(company, _boxes(on_track, pay, focus)))
        if columns:
            tracks.append(TrackMap(track.value, track.label, columns))
    without = [company for company in companies if company.pk not in by_company]
    return LevelMap(tracks, focus, without), notices


def _boxes(levels: list[LadderLevel], pay: dict, focus: LadderLevel | None) -> list[Box]:
    """Each level in the first lane where it overlaps no level already placed (a company may
    give two names to one level, such as Staff and Tech Lead)."""
    boxes: list[Box] = []
    for level in levels:
        lane = 1
        while any(box.lane == lane and _overlap(box.level, level) for box in boxes):
            lane += 1
        boxes.append(
            Box(
                level,
                lane,
                pay=[
                    Pay(step.upper(), *_typical(pay[key]))
                    for step in level.levels
                    if (key := (level.company_id, level.track, step)) in pay
                ],
                focus=focus is not None and level.pk == focus.pk,
                match=focus is not None
                and level.company_id != focus.company_id
                and level.track == focus.track
                and _overlap(level, focus),
            )
        )
    return boxes


def _overlap(a: LadderLevel, b: LadderLevel) -> bool:
    return a.lowest <= b.highest and b.lowest <= a.highest


def rates() -> dict[str, object]:
    """Units of each currency we convert to per US dollar, the dollar included (the rates are
    kept in memory until one changes)."""
    found = {currency: rate.units_per_usd for currency, rate in exchange_rates().items()}
    return {REFERENCE_CURRENCY: 1, **found}


@dataclass
class CompCell:
    band: CompSignal | None
    band_amounts: dict | None  # the band in the reader's currency, when converted
    reported: contributions.PayStats | None
    reported_shown: contributions.PayStats | None  # in the reader's currency when it can be


@dataclass
class Row:
    label: str
    cells: list


def comparison(companies: list[Company], *, currency: str, units: dict) -> dict:
    """Every row of the comparison, one cell per company in their order: culture tags with
    their evidence, each rating with the reviews behind it, comp by level (editors' bands and
    readers' medians, in `currency` when one is given), the ladder, the facts and signals,
    the interview summary and open roles by level. Five queries."""
    ids = [company.pk for company in companies]
    tags: dict[int, list[CompanyTag]] = {pk: [] for pk in ids}
    for item in CompanyTag.objects.filter(company__in=ids).select_related("tag"):
        tags[item.company_id].append(item)
    ladders: dict[int, list[LadderLevel]] = {pk: [] for pk in ids}
    for level in LadderLevel.objects.filter(company__in=ids).in_ladder_order():
        ladders[level.company_id].append(level)
    signals = CompSignal.objects.filter(company__in=ids)
    if currency:
        signals = signals.converted_to(currency)
    bands = {(s.company_id, s.track, s.level): s for s in signals}
    reported = {
        (company_id, track, level): stats
        for (company_id, level, track), stats in contributions.pay_stats(
            by=("company_id",), company__in=ids
        ).items()
    }
    open_roles = openings.by_level(ids)

    order = {track: index for index, track in enumerate(CompTrack.values)}
    keys = sorted(
        {key[1:] for key in [*bands, *reported]},
        key=lambda key: (order[key[0]], Level.values.index(key[1])),
    )
    comp_rows = []
    for track, level in keys:
        cells = []
        for pk in ids:
            band = bands.get((pk, track, level))
            stats = reported.get((pk, track, level))
            shown = stats
            if stats is not None and currency:
                shown = stats.converted_to(currency, units.get(currency)) or stats
            cells.append(
                CompCell(
                    band=band,
                    band_amounts=band.in_currency() if band is not None and currency else None,
                    reported=stats,
                    reported_shown=shown,
                )
            )
        comp_rows.append(Row(f"{Level(level).label} · {CompTrack(track).label}", cells))

    rating_rows = [
        Row(
            str(Company._meta.get_field(field).verbose_name).capitalize(),
            [
                getattr(company, field) if company.has_enough_reviews else None
                for company in companies
            ],
        )
        for field in RATING_FIELDS
    ]
    levels_open = [
        level for level in Level.values if any(level in open_roles.get(pk, {}) for pk in ids)
    ]
    open_rows = [
        Row(
            Level(level).label,
            [
                (company, level, open_roles.get(company.pk, {}).get(level, 0))
                for company in companies
            ],
        )
        for level in levels_open
    ]
    return {
        "tags": [tags[pk] for pk in ids],
        "ladders": [ladders[pk] for pk in ids],
        "rating_rows": rating_rows,
        "comp_rows": comp_rows,
        "open_rows": open_rows,
        "interviews": [(company, company.interview_summary()) for company in companies],
        "open_totals": [
            (company, sum(open_roles.get(company.pk, {}).values())) for company in companies
        ],
    }
