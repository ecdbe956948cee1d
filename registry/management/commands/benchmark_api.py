"""Measure the public API against a bare baseline, in one run, on the configured database.

    manage.py benchmark_api                 # seeds 100,000 zones and commitments once
    manage.py benchmark_api --zones 10000 --commitments 10000 --requests 100
    manage.py benchmark_api --drop          # removes the seeded rows

Each scenario sends the same request many times through the whole Django stack
(middleware, throttling off, the data-version read, serialisers, renderer) and
reports p50/p95 latency and requests per second. The baseline runs the very SQL that
the API ran for that request on the raw DB-API connection (psycopg on PostgreSQL),
fetches the rows as dicts and serialises them with orjson: the cost of the data alone.
API requests and baseline runs alternate. The ratio says what the framework costs on
top. A benchmark, not a test: it prints.
"""

import io
import statistics
import time
from decimal import Decimal

import orjson
from django.contrib.contenttypes.models import ContentType
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from registry.choices import FundingKind, PublicationState, ZoneKind, ZoneStatus
from registry.models import (
    Citation,
    DataVersion,
    FundingCommitment,
    Organisation,
    Province,
    Region,
    Sector,
    Source,
    Zone,
)

HOST = "127.0.0.1"
PREFIX = "BENCH-"
APPLICATION = WSGIHandler()


def get(path, **headers):
    """One GET through the WSGI application, as a server calls it; returns status, headers."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": HOST,
        "HTTP_HOST": HOST,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **headers,
    }
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=status, headers=response_headers)

    body = APPLICATION(environ, start_response)
    b"".join(body)
    body.close()
    return started["status"], started["headers"]


BATCH = 5000


class Command(BaseCommand):
    help = "Seed N zones and commitments, then time API requests against a psycopg+orjson baseline."

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=100_000)
        parser.add_argument("--commitments", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=200, help="per scenario")
        parser.add_argument("--drop", action="store_true", help="remove the seeded rows and stop")

    def handle(self, *args, **options):
        if options["drop"]:
            self.drop()
            return
        self.seed(options["zones"], options["commitments"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # plan with the seeded rows' statistics
        # As served in production: no query logging (DEBUG off), a persistent connection
        # (CONN_MAX_AGE), and no rate limit in the way.
        connection.settings_dict["CONN_MAX_AGE"] = None
        with override_settings(DEBUG=False, REGISTRY_API_THROTTLE_RATE=None):
            rows = [
                self.measure(name, request, options["requests"])
                for name, request in self.scenarios()
            ]
        self.report(rows)

    # seeding -----------------------------------------------------------------

    def seed(self, zones, commitments):
        have_zones = Zone.objects.filter(code__startswith=PREFIX).count()
        have_commitments = FundingCommitment.objects.filter(code__startswith=PREFIX).count()
        if have_zones >= zones and have_commitments >= commitments:
            self.stdout.write(f"Reusing {have_zones} seeded zones, {have_commitments} commitments.")
            return
        self.drop()
        started = time.perf_counter()
        with transaction.atomic():
            provinces, sectors, funder, source = self.reference_rows()
            zone_ids = self.seed_zones(zones, provinces, sectors, source)
            self.seed_commitments(commitments, zone_ids, funder, source)
            DataVersion.bump()  # bulk paths bypass the signals
        self.stdout.write(
            f"Seeded {zones} zones and {commitments} commitments "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def reference_rows(self):
        region, _ = Region.objects.get_or_create(code="03", defaults={"name_fr": "Fès-Meknès"})
        provinces = list(Province.objects.filter(region=region)[:10]) or [
            Province.objects.create(code="03.231", kind="prefecture", region=region, name_fr="Fès")
        ]
        sectors = [
            Sector.objects.get_or_create(code=f"{PREFIX}S{i}", defaults={"name_fr": f"S{i}"})[0]
            for i in range(5)
        ]
        published = PublicationState.PUBLISHED
        funder = Organisation.objects.create(
            code=f"{PREFIX}FUNDER", name_fr="Bailleur", kind="ministry", publication_state=published
        )
        source = Source.objects.create(
            code=f"{PREFIX}SOURCE",
            title_fr="Source du banc d'essai",
            language="fr",
            text="La zone couvre 154 hectares et coûte 170 millions de dirhams.",
            publication_state=published,
        )
        return provinces, sectors, funder, source

    def seed_zones(self, count, provinces, sectors, source):
        kinds, statuses = ZoneKind.values, ZoneStatus.values
        zones = []
        for i in range(count):
            province = provinces[i % len(provinces)]
            zone = Zone(
                code=f"{PREFIX}Z{i:07d}",
                name_ar=f"المنطقة الصناعية رقم {i}",
                name_fr=f"Zone industrielle n° {i}",
                name_en=f"Industrial zone no. {i}",
                kind=kinds[i % len(kinds)],
                status=statuses[i % len(statuses)],
                province=province,
                region_id=province.region_id,
                area_ha=Decimal(i % 500 + 1) / 4,
                cost_amount=Decimal(i * 1000),
                publication_state=PublicationState.PUBLISHED,
            )
            zone.refresh_search_text()
            zones.append(zone)
        Zone.objects.bulk_create(zones, batch_size=BATCH)
        ids = list(
            Zone.objects.filter(code__startswith=PREFIX)
            .order_by("code")
            .values_list("id", flat=True)
        )
        through = Zone.sectors.through
        through.objects.bulk_create(
            [through(zone_id=z, sector_id=sectors[n % len(sectors)].pk) for n, z in enumerate(ids)],
            batch_size=BATCH,
        )
        self.cite(Zone, ids, source, "area_ha", "154 hectares")
        return ids

    def seed_commitments(self, count, zone_ids, funder, source):
        kinds = FundingKind.values
        commitments = []
        for i in range(count):
            commitment = FundingCommitment(
                code=f"{PREFIX}F{i:07d}",
                amount=Decimal(i * 250),
                kind=kinds[i % len(kinds)],
                funder=funder,
                purpose_fr=f"Aménagement de la zone n° {i}",
                publication_state=PublicationState.PUBLISHED,
            )
            commitment.refresh_search_text()
            commitments.append(commitment)
        FundingCommitment.objects.bulk_create(commitments, batch_size=BATCH)
        ids = list(
            FundingCommitment.objects.filter(code__startswith=PREFIX)
            .order_by("code")
            .values_list("id", flat=True)
        )
        through = FundingCommitment.zones.through
        through.objects.bulk_create(
            [
                through(fundingcommitment_id=c, zone_id=zone_ids[n % len(zone_ids)])
                for n, c in enumerate(ids)
            ],
            batch_size=BATCH,
        )
        self.cite(FundingCommitment, ids, source, "amount", "170 millions de dirhams")

    @staticmethod
    def cite(model, ids, source, field_name, quote):
        content_type = ContentType.objects.get_for_model(model)
        Citation.objects.bulk_create(
            [
                Citation(
                    source=source,
                    content_type=content_type,
                    object_id=pk,
                    field_name=field_name,
                    quote=quote,
                )
                for pk in ids
            ],
            batch_size=BATCH,
        )

    def drop(self):
        with transaction.atomic():
            for model in (Zone, FundingCommitment):
                ids = model.objects.filter(code__startswith=PREFIX).values("pk")
                Citation.objects.filter(
                    content_type=ContentType.objects.get_for_model(model), object_id__in=ids
                ).delete()
            FundingCommitment.zones.through.objects.filter(
                Q(zone__code__startswith=PREFIX) | Q(fundingcommitment__code__startswith=PREFIX)
            ).delete()
            Zone.sectors.through.objects.filter(zone__code__startswith=PREFIX).delete()
            # No signals, history or cascades to follow for rows the seeder bulk-created.
            FundingCommitment.objects.filter(code__startswith=PREFIX)._raw_delete(connection.alias)
            Zone.objects.filter(code__startswith=PREFIX)._raw_delete(connection.alias)
            Citation.objects.filter(source__code__startswith=PREFIX).delete()
            Source.objects.filter(code__startswith=PREFIX).delete()
            Organisation.objects.filter(code__startswith=PREFIX).delete()
            Sector.objects.filter(code__startswith=PREFIX).delete()
            DataVersion.bump()

    # measuring ---------------------------------------------------------------

    def scenarios(self):
        list_url = "/api/v1/zones/?limit=100"
        codes = list(
            Zone.objects.published()
            .filter(code__startswith=PREFIX)
            .values_list("code", flat=True)[:: max(1, Zone.objects.count() // 200)]
        )
        details = iter(codes * 1000)
        etag = dict(get(list_url)[1])["ETag"]
        return [
            ("list, page of 100", lambda: get(list_url)),
            (
                "filtered list",
                lambda: get(
                    "/api/v1/zones/?region=03&status=operational&area_ha__gte=10&limit=100"
                ),
            ),
            ("detail", lambda: get(f"/api/v1/zones/{next(details)}/")),
            ("CSV page of 100", lambda: get(list_url + "&format=csv")),
            ("304 revalidation", lambda: get(list_url, HTTP_IF_NONE_MATCH=etag)),
        ]

    def measure(self, name, request, repeat):
        with CaptureQueriesContext(connection) as captured:
            request()  # also warms per-process caches (content types, query plans)
        statements = [query["sql"] for query in captured.captured_queries]
        api, baseline = [], []
        # Alternating, so that other processes' load on a shared machine weighs on both
        # alike: timed one after the other, the ratio followed the load, not the code.
        for _ in range(repeat):
            started = time.perf_counter()
            status, _headers = request()
            api.append(time.perf_counter() - started)
            assert status in ("200 OK", "304 Not Modified"), status
            baseline.append(self.baseline(statements))
        return name, len(statements), api, baseline

    @staticmethod
    def baseline(statements):
        """The same SQL on the raw DB-API connection, rows as dicts, then orjson."""
        connection.ensure_connection()
        started = time.perf_counter()
        raw = connection.connection
        results = []
        cursor = raw.cursor()
        for sql in statements:
            cursor.execute(sql)
            columns = [column[0] for column in cursor.description]
            results.append([dict(zip(columns, row, strict=True)) for row in cursor.fetchall()])
        cursor.close()
        orjson.dumps(results, default=str)
        return time.perf_counter() - started

    def report(self, rows):
        def p(values, q):
            return statistics.quantiles(values, n=100)[q - 1] * 1000

        vendor = connection.vendor
        self.stdout.write(
            f"\nDatabase: {vendor}. Zones: {Zone.objects.count()}, "
            f"commitments: {FundingCommitment.objects.count()}."
        )
        header = (
            f"{'scenario':<20} {'queries':>7} {'API p50':>9} {'API p95':>9} {'API rps':>8} "
            f"{'base p50':>9} {'base p95':>9} {'base rps':>8} {'p50 ratio':>9}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, queries, api, base in rows:
            self.stdout.write(
                f"{name:<20} {queries:>7} {p(api, 50):>7.2f}ms {p(api, 95):>7.2f}ms "
                f"{len(api) / sum(api):>8.0f} {p(base, 50):>7.2f}ms {p(base, 95):>7.2f}ms "
                f"{len(base) / sum(base):>8.0f} {p(api, 50) / p(base, 50):>8.2f}x"
            )
        list_ratio = statistics.median(rows[0][2]) / statistics.median(rows[0][3])
        verdict = "within" if list_ratio <= 3 else "OVER"
        self.stdout.write(f"\nList p50 is {list_ratio:.2f}x the baseline: {verdict} the 3x target.")
