"""How the application process runs Python itself (no app is imported here)."""

import gc

# A collection of the youngest generation every 10 000 new container objects (Python's default
# is 700), and of the older ones less often: see tune_garbage_collector.
THRESHOLDS = (10_000, 50, 100)


def tune_garbage_collector():
    """Called once the application is loaded (wsgi.py, the benchmarks). With the defaults,
    some requests paid for a full collection that scanned every object loaded at startup —
    Django, the apps, the URL resolver, about 150 000 of them — and took 120–200 ms instead
    of 60 (docs/performance.md, first section). The startup objects are moved out of the
    collector's sight (they live as long as the process) and collections run less often;
    reference counting still frees almost everything at once."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
