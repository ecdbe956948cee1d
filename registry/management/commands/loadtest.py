import csv
import os
import subprocess
import sys
from urllib.parse import quote, urlsplit

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from registry.loadtest import (
    MAX_CLIENTS,
    MAX_DURATION,
    MAX_REQUESTS,
    MIXES,
    ROOT,
    LoadTestError,
    RequestKind,
    Server,
    collect_etags,
    drive,
    format_table,
    require_loopback,
    sample_codes,
    seed_zones,
)

ALIAS = "loadtest"
# The ways of reusing database connections compared by --compare-connections; the first
# is the baseline.
CONNECTION_MODES = (
    ("new connection per request", {"DATABASE_POOL": "0", "CONN_MAX_AGE": "0"}),
    ("persistent (CONN_MAX_AGE)", {"DATABASE_POOL": "0", "CONN_MAX_AGE": "600"}),
    ("psycopg pool", {"DATABASE_POOL": "1"}),
)


class Command(BaseCommand):
    help = (
        "Load-test the production server on this machine: create and seed a throwaway "
        "PostgreSQL database (on the server of DATABASE_URL) with generated zones, start "
        "gunicorn in production mode on a loopback port, send a weighted mix of requests from "
        "many concurrent clients for a bounded time and number of requests, and print "
        "requests/s, p50/p95/p99 latency and errors per kind of request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=100_000)
        parser.add_argument("--clients", type=int, default=64, help=f"at most {MAX_CLIENTS}")
        parser.add_argument(
            "--duration", type=float, default=30, help=f"seconds, at most {MAX_DURATION}"
        )
        parser.add_argument(
            "--max-requests", type=int, default=500_000, help=f"at most {MAX_REQUESTS}"
        )
        parser.add_argument("--mix", choices=sorted(MIXES), default="api")
        parser.add_argument(
            "--request",
            action="append",
            default=[],
            metavar="NAME:WEIGHT:PATH",
            help="a request kind replacing the mix (repeat); PATH may hold {code}; "
            "NAME@304 sends the path's ETag and expects 304",
        )
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--database-name", help="throwaway database (default: <DATABASE_URL's name>_loadtest)"
        )
        parser.add_argument(
            "--drop-database", action="store_true", help="drop the throwaway database after"
        )
        parser.add_argument(
            "--url",
            help="drive an already running server at this loopback URL instead of starting one",
        )
        parser.add_argument(
            "--compare-connections",
            action="store_true",
            help="run once per way of reusing connections and print ratios to the first",
        )
        parser.add_argument("--timeline", help="write per-second status counts to this CSV")

    def handle(self, **options):
        try:
            kinds = (
                tuple(RequestKind.parse(text) for text in options["request"])
                or MIXES[options["mix"]]
            )
            if options["url"]:
                self.drive_existing(kinds, options)
            else:
                self.run(kinds, options)
        except LoadTestError as error:
            raise CommandError(error) from error

    def drive_existing(self, kinds, options):
        parts = urlsplit(options["url"])
        require_loopback(parts.hostname)
        # Codes for {code} paths come from DATABASE_URL's database, the server's own.
        needs_codes = any("{code}" in kind.path for kind in kinds)
        codes = sample_codes("default") if needs_codes else ()
        results = drive(
            parts.hostname,
            parts.port or 80,
            kinds,
            options["clients"],
            options["duration"],
            options["max_requests"],
            codes=codes,
        )
        self.report("existing server", kinds, results, options)

    def run(self, kinds, options):
        database_url = self.prepare_database(options)
        codes = sample_codes(ALIAS)
        connections[ALIAS].close()
        modes = CONNECTION_MODES if options["compare_connections"] else (("", {}),)
        summary = []
        try:
            for label, environment in modes:
                server = Server(
                    database_url, options["workers"], options["threads"], extra_env=environment
                )
                with server:
                    etags = collect_etags(server, kinds)
                    self.stdout.write(
                        f"driving {options['clients']} clients for {options['duration']} s "
                        f"against gunicorn pid {server.process.pid} on port {server.port}"
                    )
                    self.stdout.flush()
                    results = drive(
                        "127.0.0.1",
                        server.port,
                        kinds,
                        options["clients"],
                        options["duration"],
                        options["max_requests"],
                        codes=codes,
                        etags=etags,
                    )
                self.report(label, kinds, results, options, server=server)
                summary.append((label, results.rows(kinds)[-1]))
        finally:
            if options["drop_database"]:
                self.drop_database(options)
        if options["compare_connections"]:
            self.print_comparison(summary)

    def prepare_database(self, options):
        default = connections["default"].settings_dict
        if connections["default"].vendor != "postgresql":
            raise LoadTestError("The load test runs on PostgreSQL: set DATABASE_URL=postgres://…")
        require_loopback(default["HOST"] or "localhost")
        name = options["database_name"] or f"{default['NAME']}_loadtest"
        if name == default["NAME"]:
            raise LoadTestError("The throwaway database must not be DATABASE_URL's own.")
        self.admin_execute(f'CREATE DATABASE "{name}"', ignore="already exists")
        credentials = quote(default["USER"] or "postgres")
        if default["PASSWORD"]:
            credentials += ":" + quote(default["PASSWORD"])
        host, port = default["HOST"] or "localhost", default["PORT"] or 5432
        url = f"postgres://{credentials}@{host}:{port}/{name}"
        self.stdout.write(f"migrating {name}…")
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
            env={**os.environ, "DATABASE_URL": url, "REGISTRY_ENV": "development"},
            cwd=ROOT,
            check=True,
        )
        connections.settings[ALIAS] = {**default, "NAME": name, "TEST": {"MIRROR": None}}
        self.stdout.write(f"seeding {options['zones']} zones…")
        seed_zones(options["zones"], ALIAS)
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("ANALYZE")  # plan on real statistics, as a live database would
        return url

    def admin_execute(self, sql, ignore=None):
        default = connections["default"].settings_dict
        try:
            with psycopg.connect(
                host=default["HOST"] or None,
                port=default["PORT"] or None,
                user=default["USER"] or None,
                password=default["PASSWORD"] or None,
                dbname="postgres",
                autocommit=True,
            ) as admin:
                admin.execute(sql)
        except psycopg.Error as error:
            if not (ignore and ignore in str(error)):
                raise LoadTestError(str(error)) from error

    def drop_database(self, options):
        connections[ALIAS].close()
        name = connections.settings[ALIAS]["NAME"]
        self.admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def report(self, label, kinds, results, options, server=None):
        rows = results.rows(kinds)
        title = f" ({label})" if label else ""
        self.stdout.write(
            f"\n{options['clients']} clients, {results.finished - results.started:.1f} s{title}"
        )
        self.stdout.write(format_table(rows))
        self.stdout.write(
            "statuses: " + "; ".join(f"{row['kind']} {row['statuses']}" for row in rows[:-1])
        )
        if server is not None:
            lines = server.log_path.read_text(errors="replace").count(
                '"logger": "registry.request"'
            )
            self.stdout.write(f"server request log lines: {lines} (log: {server.log_path})")
        if options["timeline"]:
            self.write_timeline(options["timeline"], results)

    def write_timeline(self, path, results):
        statuses = sorted(
            {status for counts in results.timeline.values() for status in counts} - {"max_ms"}
        )
        with open(path, "w", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(
                ["epoch_second", *[f"status_{status}" for status in statuses], "max_ms"]
            )
            for second in sorted(results.timeline):
                counts = results.timeline[second]
                writer.writerow(
                    [second, *[counts[status] for status in statuses], round(counts["max_ms"], 1)]
                )

    def print_comparison(self, summary):
        _, baseline = summary[0]
        self.stdout.write("\nconnection reuse, against a new connection per request:")
        self.stdout.write(
            f"{'mode':<28}{'req/s':>10}{'ratio':>8}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}"
        )
        for label, total in summary:
            ratio = total["req/s"] / baseline["req/s"] if baseline["req/s"] else 0
            self.stdout.write(
                f"{label:<28}{total['req/s']:>10.1f}{ratio:>8.2f}"
                f"{total['p50 ms']:>10.1f}{total['p99 ms']:>10.1f}{total['errors']:>8}"
            )
