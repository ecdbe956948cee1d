"""Load testing on this machine: seed a throwaway database, run gunicorn, drive it, measure.

Everything here talks to loopback addresses only, and every run is bounded both in
requests and in seconds.
"""

import http.client
import ipaddress
import itertools
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from registry.choices import ZoneKind, ZoneStatus

ROOT = Path(settings.BASE_DIR)
MAX_DURATION = 600
MAX_CLIENTS = 512
MAX_REQUESTS = 2_000_000


class LoadTestError(Exception):
    pass


@dataclass(frozen=True)
class RequestKind:
    """One kind of request in the mix. A conditional one sends If-None-Match and expects 304."""

    name: str
    weight: int
    path: str
    conditional: bool = False

    @property
    def expected_status(self):
        return 304 if self.conditional else 200

    @classmethod
    def parse(cls, text):
        """``NAME:WEIGHT:PATH``; a NAME ending in ``@304`` makes the request conditional."""
        try:
            name, weight, path = text.split(":", 2)
            weight = int(weight)
        except ValueError as error:
            raise LoadTestError(f"Request kinds are NAME:WEIGHT:PATH, not {text!r}.") from error
        if weight <= 0 or not path.startswith("/"):
            raise LoadTestError(f"Give a positive weight and a path starting with /: {text!r}.")
        conditional = name.endswith("@304")
        return cls(name.removesuffix("@304"), weight, path, conditional)


# The public API mix: lists, a filtered list, details, CSV and conditional requests.
API_MIX = (
    RequestKind("list", 30, "/api/v1/zones/"),
    RequestKind("filtered", 25, "/api/v1/zones/?status=operational&kind=industrial_zone"),
    RequestKind("detail", 30, "/api/v1/zones/{code}/"),
    RequestKind("csv", 5, "/api/v1/zones/?format=csv&status=planned&kind=agropole"),
    RequestKind("not_modified", 10, "/api/v1/zones/", conditional=True),
)
# What exists without the API: the health checks, the admin login page, a static file.
PROBES_MIX = (
    RequestKind("healthz", 30, "/healthz"),
    RequestKind("readyz", 30, "/readyz"),
    RequestKind("admin_login", 30, "/admin/login/"),
    RequestKind("static", 10, "/static/admin/css/base.css"),
)
MIXES = {"api": API_MIX, "probes": PROBES_MIX}


def require_loopback(host):
    """Refuse any target that is not this machine."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as error:
        raise LoadTestError(f"Cannot resolve {host!r}.") from error
    if not all(ipaddress.ip_address(address.split("%")[0]).is_loopback for address in addresses):
        raise LoadTestError(f"Load tests only target loopback addresses, not {host!r}.")


# -- the throwaway database ------------------------------------------------------------


def seed_zones(count, using, batch_size=5000, progress=None):
    """Generated published-or-draft zones ``LZ-000001``... over synthetic geography."""
    from registry.models import Province, Region, Sector, Zone

    existing = Zone.objects.using(using).filter(code__startswith="LZ-").count()
    if existing >= count:
        return existing
    regions = [
        Region(code=f"{number:02d}", name_fr=f"Région {number}", name_ar=f"جهة {number}")
        for number in range(1, 13)
    ]
    Region.objects.using(using).bulk_create(regions, ignore_conflicts=True)
    regions = list(Region.objects.using(using).order_by("code"))
    provinces = [
        Province(
            code=f"{regions[number % 12].code}.{number:03d}",
            kind="province",
            region=regions[number % 12],
            name_fr=f"Province {number}",
            name_ar=f"إقليم {number}",
        )
        for number in range(75)
    ]
    Province.objects.using(using).bulk_create(provinces, ignore_conflicts=True)
    provinces = list(Province.objects.using(using).order_by("code"))
    sectors = [Sector(code=f"sector-{number}", name_fr=f"Secteur {number}") for number in range(10)]
    Sector.objects.using(using).bulk_create(sectors, ignore_conflicts=True)
    sectors = list(Sector.objects.using(using).order_by("code"))
    kinds, statuses = list(ZoneKind.values), list(ZoneStatus.values)
    through = Zone.sectors.through
    chooser = random.Random(20240601)
    for start in range(existing + 1, count + 1, batch_size):
        zones = []
        for number in range(start, min(start + batch_size, count + 1)):
            zone = Zone(
                code=f"LZ-{number:06d}",
                name_ar=f"المنطقة الصناعية رقم {number}",
                name_fr=f"Zone industrielle n° {number}",
                name_en=f"Industrial zone no. {number}",
                kind=kinds[number % len(kinds)],
                status=statuses[number % len(statuses)],
                province=provinces[number % len(provinces)],
                area_ha=Decimal(chooser.randint(5, 5000)),
                publication_state="published" if number % 10 else "draft",
            )
            zone.refresh_search_text()
            zones.append(zone)
        created = Zone.objects.using(using).bulk_create(zones)
        through.objects.using(using).bulk_create(
            through(zone_id=zone.pk, sector_id=sectors[zone.pk % len(sectors)].pk)
            for zone in created
        )
        if progress:
            progress(min(start + batch_size - 1, count))
    return count


def sample_codes(using, size=2000):
    from registry.models import Zone

    codes = list(
        Zone.objects.using(using)
        .published()
        .filter(code__startswith="LZ-")
        .order_by("?")
        .values_list("code", flat=True)[:size]
    )
    return codes or ["LZ-000001"]


# -- the server ------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """gunicorn in production mode on a loopback port, with its own log file."""

    database_url: str
    workers: int
    threads: int
    extra_env: dict = field(default_factory=dict)
    ready_path: str = "/readyz"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="loadtest-")))

    @property
    def log_path(self):
        return self.directory / "server.log"

    def environment(self):
        return {
            **os.environ,
            "REGISTRY_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self.database_url,
            "STATIC_ROOT": str(self.directory / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_THREADS": str(self.threads),
            "DATABASE_POOL_MAX_SIZE": str(self.threads),
            # Every load-test client shares one loopback address: throttling would
            # measure the throttle, not the server.
            "API_THROTTLE_RATE": "",
            **self.extra_env,
        }

    def start(self, timeout=90):
        environment = self.environment()
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"],
            env=environment,
            cwd=ROOT,
            check=True,
        )
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
                env=environment,
                cwd=ROOT,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LoadTestError(f"gunicorn exited; see {self.log_path}")
            try:
                if self.get(self.ready_path)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise LoadTestError(f"gunicorn was not ready in {timeout} s; see {self.log_path}")

    def get(self, path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


# -- the clients -----------------------------------------------------------------------


@dataclass
class Results:
    started: float
    finished: float = 0.0
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter = field(default_factory=Counter)
    timeline: dict = field(default_factory=lambda: defaultdict(Counter))

    def record(self, kind, status, latency):
        self.latencies[kind.name].append(latency)
        self.statuses[kind.name][status] += 1
        if status != kind.expected_status:
            self.errors[kind.name] += 1
        second = int(time.time())  # wall clock, to line up with events outside the run
        self.timeline[second][status] += 1
        self.timeline[second]["max_ms"] = max(self.timeline[second]["max_ms"], latency * 1000)

    def rows(self, kinds):
        elapsed = self.finished - self.started
        names = [kind.name for kind in kinds]
        everything = [latency for name in names for latency in self.latencies[name]]
        rows = [self._row(name, self.latencies[name], name, elapsed) for name in names]
        rows.append(self._row("TOTAL", everything, None, elapsed))
        return rows

    def _row(self, label, latencies, name, elapsed):
        ordered = sorted(latencies)
        names = [name] if name else list(self.statuses)
        statuses = sum((self.statuses[each] for each in names), Counter())
        return {
            "kind": label,
            "requests": len(ordered),
            "errors": sum(self.errors[each] for each in names),
            "5xx": sum(count for status, count in statuses.items() if status >= 500),
            "req/s": len(ordered) / elapsed if elapsed else 0.0,
            "p50 ms": percentile(ordered, 50) * 1000,
            "p95 ms": percentile(ordered, 95) * 1000,
            "p99 ms": percentile(ordered, 99) * 1000,
            "statuses": dict(sorted(statuses.items())),
        }


def percentile(ordered, percent):
    if not ordered:
        return 0.0
    # Nearest rank: the smallest value with at least ``percent`` % of values at or below it.
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


CONNECTION_ERROR = 0  # the status recorded when no HTTP response came back


def drive(host, port, kinds, clients, duration, max_requests, codes=(), etags=None, seed=1):
    """Send the mix from ``clients`` threads until ``duration`` s or ``max_requests`` pass."""
    require_loopback(host)
    duration = min(duration, MAX_DURATION)
    max_requests = min(max_requests, MAX_REQUESTS)
    clients = min(clients, MAX_CLIENTS)
    etags = etags or {}
    budget = itertools.count()
    results = Results(started=time.monotonic())
    deadline = results.started + duration
    lock = threading.Lock()
    weights = [kind.weight for kind in kinds]

    def client(number):
        chooser = random.Random(seed * 1000 + number)
        connection = None
        while time.monotonic() < deadline and next(budget) < max_requests:
            kind = chooser.choices(kinds, weights)[0]
            path = kind.path.format(code=chooser.choice(codes) if codes else "")
            headers = {"Accept-Encoding": "gzip"}
            if kind.conditional and path in etags:
                headers["If-None-Match"] = etags[path]
            began = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(host, port, timeout=15)
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                status = CONNECTION_ERROR
                if connection is not None:
                    connection.close()
                connection = None
            finished = time.monotonic()
            with lock:
                results.record(kind, status, finished - began)
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.finished = time.monotonic()
    return results


def collect_etags(server, kinds):
    """The current ETag of each conditional path, so its requests can expect 304."""
    etags = {}
    for kind in kinds:
        if kind.conditional:
            status, headers, _ = server.get(kind.path)
            etag = {name.lower(): value for name, value in headers.items()}.get("etag")
            if status == 200 and etag:
                etags[kind.path] = etag
    return etags


def format_table(rows):
    columns = ["kind", "requests", "errors", "5xx", "req/s", "p50 ms", "p95 ms", "p99 ms"]
    lines = [
        "  ".join(f"{column:>12}" if column != "kind" else f"{column:<14}" for column in columns)
    ]
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if column == "kind":
                cells.append(f"{value:<14}")
            elif isinstance(value, float):
                cells.append(f"{value:>12.1f}")
            else:
                cells.append(f"{value:>12}")
        lines.append("  ".join(cells))
    return "\n".join(lines)
