"""What the speed scripts print about the machine: load average and the OpenMP wait policy."""

from __future__ import annotations

import os

CORES = os.cpu_count() or 1


def load_average() -> str:
    """One line, flagged when other work holds the cores (timings are then inflated)."""
    one, five, _ = os.getloadavg()
    policy = os.environ.get("OMP_WAIT_POLICY", "unset")
    note = f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {CORES} cores"
    note += f"; OMP_WAIT_POLICY {policy}"
    return note + ("  ** busy machine: timings inflated **" if one > CORES else "")
