"""Paginators of the portal's tables: capped page sizes, and counts a page already knows."""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator

from portal.params import parse_int

MAX_PAGE_SIZE = 100


class CappedPaginator(Paginator):
    """A paginator whose page size is at most `MAX_PAGE_SIZE` (and at least 1).

    django-tables2 takes the page size from ``?per_page=``: capped, a hand-made URL cannot ask
    for a page of all 10,000 rows (seconds to render)."""

    def __init__(self, object_list: Sequence[Any], per_page: int, **kwargs: Any) -> None:
        # django-tables2 hands ?per_page= over as an int (-5 stays -5); any other text is read
        # as the one parser reads query parameters.
        size = per_page if isinstance(per_page, int) else parse_int(per_page) or MAX_PAGE_SIZE
        super().__init__(object_list, max(1, min(size, MAX_PAGE_SIZE)), **kwargs)


class CountedPaginator(CappedPaginator):
    """A capped paginator told how many rows there are, for a page that has already counted
    them (the ranking's totals query, a search group's bounded ids): the count is not asked of
    the database a second time."""

    def __init__(
        self, object_list: Sequence[Any], per_page: int, *, count: int, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count
