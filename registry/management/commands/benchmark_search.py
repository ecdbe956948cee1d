"""Time the admin's zone search on a large table, then roll everything back.

    python manage.py benchmark_search --rows 100000 --runs 7

Seeds ``--rows`` synthetic zones (plus the real names searched for) inside a
transaction that is always rolled back, so it can run against any database
without leaving a trace. For each search term it prints the median time of the
admin's query (count + first page) through ``ZoneAdmin.get_search_results`` and,
as the baseline measured in the same run, the median time of what a stock Django
admin would run (``icontains`` over each name column). On PostgreSQL it also
prints the plan of the registry query, which should use the trigram index.
"""

import random
import statistics
import time

from django.contrib import admin
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q
from django.test import RequestFactory

from registry.choices import ZoneKind
from registry.models import Zone

PLACES_AR = [
    "فاس",
    "مكناس",
    "صفرو",
    "تازة",
    "الحسيمة",
    "الرشيدية",
    "ورزازات",
    "بني ملال",
    "خريبكة",
    "سطات",
    "برشيد",
    "القنيطرة",
    "تطوان",
    "العرائش",
    "وجدة",
    "الناظور",
    "بركان",
    "أكادير",
    "تارودانت",
    "مراكش",
    "آسفي",
    "الجديدة",
    "العيون",
    "الداخلة",
    "كلميم",
    "طانطان",
    "إفران",
]
PLACES_FR = [
    "Fès",
    "Meknès",
    "Sefrou",
    "Taza",
    "Al Hoceïma",
    "Errachidia",
    "Ouarzazate",
    "Béni Mellal",
    "Khouribga",
    "Settat",
    "Berrechid",
    "Kénitra",
    "Tétouan",
    "Larache",
    "Oujda",
    "Nador",
    "Berkane",
    "Agadir",
    "Taroudant",
    "Marrakech",
    "Safi",
    "El Jadida",
    "Laâyoune",
    "Dakhla",
    "Guelmim",
    "Tan-Tan",
    "Ifrane",
]
KINDS_AR = ["المنطقة الصناعية", "الحي الصناعي", "منطقة الأنشطة الاقتصادية", "القطب الفلاحي"]
KINDS_FR = ["Zone industrielle", "Quartier industriel", "Zone d'activités économiques", "Agropole"]
QUARTERS_AR = ["سيدي", "عين", "بن", "أولاد", "دوار", "واد", "رأس", "باب"]
QUARTERS_FR = ["Sidi", "Aïn", "Ben", "Ouled", "Douar", "Oued", "Ras", "Bab"]

# The real names searched for, with the variant spellings users type.
REAL_ZONES = [
    ("ZN-AIN-CHKEF", "المنطقة الصناعية لعين الشقف", "Zone industrielle d'Aïn Chkef", []),
    ("ZN-AIN-CHEGGAG", "المنطقة الصناعية عين الشكاك", "Zone industrielle d'Aïn Cheggag", []),
    ("ZAE-AIT-KAMRA", "منطقة الأنشطة الاقتصادية آيت قمرة", "ZAE d'Aït Kamra", []),
    ("ZN-FES-SHORE", "فاس شور", "Fès Shore", ["Fez Shore"]),
]
TERMS = ["عين الشقف", "ايت قمره", "Ait Kamra", "Fes Shore", "ZN-AIN-CHEGGAG", "سيدي"]


class Rollback(Exception):
    """Raised to leave the seeding transaction without committing."""


class Command(BaseCommand):
    help = "Benchmark admin zone search at scale (rolled back); prints medians and ratios."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--seed", type=int, default=20211125)

    def handle(self, *args, rows, runs, seed, **options):
        try:
            with transaction.atomic():
                self.seed_zones(rows, random.Random(seed))
                self.report(rows, runs)
                raise Rollback
        except Rollback:
            self.stdout.write("Seeded rows rolled back.")

    def seed_zones(self, rows, rng):
        started = time.perf_counter()
        batch = []
        for number in range(rows):
            place = rng.randrange(len(PLACES_AR))
            kind = rng.randrange(len(KINDS_AR))
            quarter = rng.randrange(len(QUARTERS_AR))
            zone = Zone(
                code=f"BENCH-{number:06d}",
                name_ar=f"{KINDS_AR[kind]} {QUARTERS_AR[quarter]} {number} {PLACES_AR[place]}",
                name_fr=f"{KINDS_FR[kind]} {QUARTERS_FR[quarter]} {number} {PLACES_FR[place]}",
                kind=ZoneKind.INDUSTRIAL_ZONE,
            )
            zone.refresh_search_text()
            batch.append(zone)
            if len(batch) == 5_000:
                Zone.objects.bulk_create(batch)
                batch = []
        for code, name_ar, name_fr, aliases in REAL_ZONES:
            zone = Zone(
                code=code, name_ar=name_ar, name_fr=name_fr, aliases=aliases, kind="industrial_zone"
            )
            zone.refresh_search_text()
            batch.append(zone)
        Zone.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE registry_zone")
        self.stdout.write(
            f"Seeded {rows:,} zones in {time.perf_counter() - started:.1f} s "
            f"({Zone.objects.count():,} rows in the table, {connection.vendor})."
        )

    def report(self, rows, runs):
        zone_admin = admin.site._registry[Zone]
        request = RequestFactory().get("/admin/registry/zone/")

        def registry_search(term):
            queryset, _ = zone_admin.get_search_results(request, Zone.objects.all(), term)
            return queryset

        def stock_search(term):
            condition = Q(code__icontains=term)
            for field in ("name_ar", "name_fr", "name_en"):
                condition |= Q(**{f"{field}__icontains": term})
            return Zone.objects.filter(condition)

        self.stdout.write(
            f"\n{'term':<16} {'hits':>5} {'registry ms':>12} "
            f"{'stock hits':>10} {'stock ms':>9} {'ratio':>7}"
        )
        ratios = []
        for term in TERMS:
            hits, registry_ms = self.time_page(registry_search(term), runs)
            stock_hits, stock_ms = self.time_page(stock_search(term), runs)
            ratios.append(stock_ms / registry_ms)
            self.stdout.write(
                f"{term:<16} {hits:>5} {registry_ms:>12.2f} {stock_hits:>10} {stock_ms:>9.2f} "
                f"{stock_ms / registry_ms:>6.1f}x"
            )
        self.stdout.write(
            f"\nMedian of {runs} runs per term at {rows:,} seeded zones; ratio = stock admin "
            f"search time / registry search time (median ratio {statistics.median(ratios):.1f}x)."
        )
        if connection.vendor == "postgresql":
            self.stdout.write("\nPlan of the registry search for 'عين الشقف':")
            self.stdout.write(registry_search("عين الشقف").explain(analyze=True))

    @staticmethod
    def time_page(queryset, runs):
        """Median ms of what a changelist does: count the matches, fetch the first page."""
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            hits = queryset.count()
            list(queryset.order_by("code")[:50])
            timings.append((time.perf_counter() - started) * 1000)
        return hits, statistics.median(timings)
