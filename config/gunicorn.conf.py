"""gunicorn settings for production (``make serve``); each can be overridden from the environment.

Why gunicorn with threaded workers: Django's ORM is synchronous and the registry's requests
are short database reads, so an async server buys nothing and costs sync-to-async hops.
gunicorn's master supervises its workers (a crashed or killed worker is replaced at once,
a stuck one is killed after ``timeout``) and restarts them gracefully on SIGHUP. ``gthread``
workers serve several requests at once per process and park idle keep-alive connections
outside the threads, so slow clients cannot tie up the pool as with ``sync`` workers; each
thread borrows a connection from the process's psycopg pool (DATABASE_POOL_MAX_SIZE should
equal GUNICORN_THREADS).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Import Django once in the master: workers fork with it loaded (shared memory pages, a
# replacement worker is up in milliseconds) and a broken release fails before serving.
# No database connection is opened at import time, so none is shared across the fork.
preload_app = True

# Recycle each worker after a bounded number of requests, staggered, to cap slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))

# A request that runs longer than this is stuck: its worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Longer than the load balancer's idle timeout, so the balancer closes idle connections first.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))

# Heartbeat files in memory: a slow disk must not make the master think workers hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Proxies whose X-Forwarded-* headers gunicorn believes (the load balancer's addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No runtime control socket: nothing here uses it, and instances would share its path.
control_socket_disable = True

# Django logs one JSON line per request itself; gunicorn's access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "registry.logging.JsonFormatter"}},
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {"gunicorn.error": {"handlers": ["error_console"], "propagate": False}},
}
