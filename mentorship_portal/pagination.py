"""A paginator for lists that can hold a country's worth of rows."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: the count of a queue of 200,000 obligations would cost more
    than the page itself, and nobody pages through more than the first thousand (they filter
    or drill down instead). `capped` says that there are more than `count`."""

    cap = 1000

    @cached_property
    def _bounded_count(self):
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._bounded_count, self.cap)

    @property
    def capped(self):
        return self._bounded_count > self.cap
