"""Signals the roadmap app sends explicitly from its services (never from save()).

`responsibilities_changed(roadmap, by)`: who owes what under `roadmap` may have changed
(activated, archived, a deadline or a responsible body corrected). The obligations app
re-syncs its obligations in the same transaction.
"""

from django.dispatch import Signal

responsibilities_changed = Signal()
