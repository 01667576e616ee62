"""Signals the organizations app sends explicitly (never from save()).

`organization_changed(organization)`: an organization was added or its kind, parent or
active flag may have changed; the obligations app gives it the obligations it now owes.
"""

from django.dispatch import Signal

organization_changed = Signal()
