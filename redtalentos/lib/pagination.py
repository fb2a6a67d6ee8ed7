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
        # Unordered: the order changes nothing in how many there are, and without it the
        # database counts from the filters' index instead of walking the list's order index
        # and testing every row it meets.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self):
        return self.count > self.cap
