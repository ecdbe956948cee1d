"""The load-test machinery: request mix, loopback guard, statistics, seeding, and a real server."""

import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from registry.loadtest import (
    CONNECTION_ERROR,
    LoadTestError,
    RequestKind,
    Server,
    drive,
    percentile,
    require_loopback,
    seed_zones,
)
from registry.models import Zone


def test_request_kind_parsing():
    assert RequestKind.parse("detail:30:/api/v1/zones/{code}/") == RequestKind(
        "detail", 30, "/api/v1/zones/{code}/"
    )
    etag = RequestKind.parse("etag@304:5:/api/v1/zones/?a=b:c")
    assert (etag.name, etag.path, etag.expected_status) == ("etag", "/api/v1/zones/?a=b:c", 304)
    for bad in ["list", "list:x:/a", "list:0:/a", "list:3:no-slash"]:
        with pytest.raises(LoadTestError):
            RequestKind.parse(bad)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.8.9.10"])
def test_loopback_targets_are_accepted(host):
    require_loopback(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "192.168.1.10", "8.8.8.8", "172.16.0.1"])
def test_other_targets_are_refused(host):
    with pytest.raises(LoadTestError, match="loopback"):
        require_loopback(host)


def test_command_refuses_a_remote_url():
    with pytest.raises(CommandError, match="loopback"):
        call_command("loadtest", "--url", "http://10.1.2.3:8000", "--duration", "1")


def test_percentiles():
    values = [n / 1000 for n in range(1, 101)]
    assert percentile(values, 50) == 0.05
    assert percentile(values, 99) == 0.099
    assert percentile([0.2], 95) == 0.2
    assert percentile([], 50) == 0.0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/boom":
            status = 503
        elif self.headers.get("If-None-Match") == '"v1"':
            status = 304
        else:
            status = 200
        body = b"" if status == 304 else b"ok"
        self.send_response(status)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_drive_counts_statuses_errors_and_stops_at_the_request_budget(local_server):
    kinds = (
        RequestKind("ok", 3, "/item/{code}"),
        RequestKind("cached", 1, "/item/A", conditional=True),
        RequestKind("boom", 1, "/boom"),
    )
    results = drive(
        "127.0.0.1", local_server, kinds, clients=4, duration=20, max_requests=200,
        codes=["A", "B"], etags={"/item/A": '"v1"'},
    )  # fmt: skip
    rows = {row["kind"]: row for row in results.rows(kinds)}
    assert rows["TOTAL"]["requests"] == 200
    assert rows["ok"]["statuses"] == {200: rows["ok"]["requests"]}
    assert rows["cached"]["statuses"] == {304: rows["cached"]["requests"]}
    assert rows["ok"]["errors"] == rows["cached"]["errors"] == 0
    assert rows["boom"]["errors"] == rows["boom"]["5xx"] == rows["boom"]["requests"] > 0
    assert rows["TOTAL"]["5xx"] == rows["boom"]["requests"]
    assert results.finished - results.started < 20


def test_drive_stops_at_the_time_limit_and_counts_refused_connections():
    kinds = (RequestKind("gone", 1, "/"),)
    started = time.monotonic()
    results = drive("127.0.0.1", 1, kinds, clients=2, duration=0.5, max_requests=10**6)
    assert time.monotonic() - started < 5
    [row, total] = results.rows(kinds)
    assert row["statuses"].keys() == {CONNECTION_ERROR}
    assert row["errors"] == row["requests"] == total["requests"] > 0


@pytest.mark.django_db
def test_seed_zones_is_idempotent():
    assert seed_zones(30, "default", batch_size=7) == 30
    assert seed_zones(30, "default") == 30
    zones = Zone.objects.filter(code__startswith="LZ-")
    assert zones.count() == 30
    assert zones.published().count() == 27
    zone = zones.get(code="LZ-000011")
    assert zone.search_text and zone.province_id and zone.sectors.count() == 1


def test_killed_worker_is_replaced_and_service_continues(tmp_path):
    """gunicorn's master replaces a worker killed with SIGKILL; requests keep succeeding."""
    server = Server(
        f"sqlite:///{tmp_path / 'db.sqlite3'}", workers=2, threads=1, ready_path="/healthz"
    )
    with server:
        # Ready means one worker answers; the master may still be forking the other.
        deadline = time.monotonic() + 30
        while len(before := server.worker_pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(before) == 2
        os.kill(before[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            after = server.worker_pids()
            if len(after) == 2 and before[0] not in after:
                break
            time.sleep(0.2)
        assert len(after) == 2 and before[0] not in after and before[1] in after
        assert all(server.get("/healthz")[0] == 200 for _ in range(10))
    assert server.process.returncode == 0
