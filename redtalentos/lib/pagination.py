"""A paginator for long public lists: it counts at most `cap` rows (a bounded subquery), so the
page costs the same whatever the number of matches; past the cap the page says "more than"."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self):
        # SELECT COUNT(*) FROM (SELECT ... LIMIT cap + 1): one more row tells there are more.
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self):
        return self.count > self.cap
