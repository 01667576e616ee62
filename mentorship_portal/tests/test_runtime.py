"""The WSGI entry point tunes the garbage collector once the application is loaded
(mentorship_portal/runtime.py says why)."""

import gc
import importlib

from mentorship_portal import runtime


def test_the_wsgi_entry_point_freezes_startup_objects_and_collects_less_often():
    before = gc.get_threshold()
    try:
        gc.unfreeze()
        import mentorship_portal.wsgi as wsgi

        importlib.reload(wsgi)
        assert gc.get_threshold() == runtime.THRESHOLDS
        assert gc.get_freeze_count() > 10_000  # Django and the apps, out of the collector's sight
        assert wsgi.application is not None
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
