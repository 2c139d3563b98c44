"""Gunicorn settings for every way the portal is served: the image (Dockerfile), ``make run``
(scripts/serve-dev.sh) and the load benchmark (bench/load.py), each with ``-c config/gunicorn.py``.
Flags on the command line (bind, workers) still win.

Garbage collection. Each page leaves objects in reference cycles behind (the request, querysets,
template contexts), which only CPython's cycle collector frees; its full collections also walk
every long-lived object of the worker — modules, models, the URL resolver, compiled templates,
translation catalogues: about 190,000 in a warm worker. Measured on the case list API at
100,000 cases, one request in ~27 paid a full collection of 120–150 ms (one client's p99 at
160–190 ms where its median was 23 ms; about a sixth of the worker's time). The long-lived
objects are moved out of the collector's sight with ``gc.freeze()``: once when the worker has
loaded the application, and once more after ``WARM_REQUESTS`` requests, when the templates,
translations and registry choices the pages use have been loaded. A full collection then walks
only what requests left behind (~15 ms), and the API case list served 67 → 84–87 req/s with 20
clients on 2 workers.

Frozen objects are never collected as cycles (reference counting still frees the rest): what
the worker held at those two moments and lets go later — a database connection replaced after
CONN_MAX_AGE — stays in memory, once, a bounded cost.
"""

from __future__ import annotations

import gc

wsgi_app = "config.wsgi:application"

# Requests after which the second freeze happens: by then a worker has served the pages in use.
WARM_REQUESTS = 200


def post_worker_init(worker) -> None:
    gc.collect()
    gc.freeze()
    worker.portal_requests_served = 0


def post_request(worker, req, environ, resp) -> None:
    worker.portal_requests_served = getattr(worker, "portal_requests_served", 0) + 1
    if worker.portal_requests_served == WARM_REQUESTS:
        gc.collect()
        gc.freeze()
