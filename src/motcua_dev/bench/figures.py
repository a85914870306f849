"""The figures of a bench run: percentiles, ratios, and the measured throughputs and latencies.

Below the runner and the dashboard measures, which both report in these terms.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by the nearest-rank method; ``nan`` for no values."""
    if not values:
        return math.nan
    if not 0 <= q <= 100:
        raise ValueError(q)
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``; ``nan`` when either is unknown or the denominator is 0."""
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return math.nan
    return numerator / denominator


@dataclass(frozen=True)
class Throughput:
    source: str
    operations: int
    errors: int
    seconds: float
    clients: int
    per_second: float
    first_error: str = ""
    #: CPU milliseconds per operation in the client processes and in the database server (see
    #: :mod:`motcua_dev.bench.cpu`); ``nan`` when not measured.
    client_cpu_ms: float = math.nan
    database_cpu_ms: float = math.nan


@dataclass(frozen=True)
class Latency:
    source: str
    samples: int
    p50_ms: float
    p99_ms: float
    max_ms: float
