"""Signals the roadmap app sends explicitly from its services (never from save()).

`responsibilities_changed(roadmap, by)`: who owes what under `roadmap` may have changed
(activated, archived, a deadline or a responsible body corrected). The obligations app
re-syncs its obligations in the same transaction.

`edition_activated(roadmap, by)`: `roadmap`, a new edition, was put in force after its
previous edition; sent after `responsibilities_changed`, so its obligations exist. The
obligations app carries evidence and history over to the activities that carry over.
"""

from django.dispatch import Signal

responsibilities_changed = Signal()
edition_activated = Signal()
