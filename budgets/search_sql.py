"""Substring search that migration 0005's bigram indexes can serve, with bounded results.

`any_contains(["level3", "value_text"], "满意度")` is Django's ``icontains`` on either field
(the exact test, ``UPPER(col::text) LIKE UPPER('%满意度%')``) AND
``budgets_bigrams(col) @> budgets_bigrams('满意度')`` on either field: the column holds every
pair of adjacent characters of the term, true of every match and answered by the GIN index on
``budgets_bigrams(col)``. PostgreSQL uses an expression index only for the very expression
indexed, so `Bigrams` renders ``budgets_bigrams("table"."col")``, as the index was made (a
``varchar`` column is coerced to ``text`` the same way in both).

A term of one character has no bigram (``budgets_bigrams('商')`` is ``{}``, which every row
contains, and a GIN search for it reads the whole index): it is matched by LIKE alone, a scan
of the table.

Common words match a large part of a table ("满意度": 105,000 of 1.2 million indicators at
10,000 disclosures). Counting or ranking all of them means reading every matching row (170 ms
for the ids alone, 450 ms ranked), so a search keeps only the first `MATCH_LIMIT` matches
(`first_matches`), ranks those, and says "1,000+".

Amounts (`amount_matches`): a typed amount is compared with the stored yuan of the amount
columns of a row, in the unit its document prints (435.85 is 4358500.00 元 in a 万元 document,
435.85 元 in a 元 one). Migration 0010 indexes each searched table's amount columns as one
array (``ARRAY[total, basic, project]``, GIN), so that ``ARRAY[…] && ARRAY[candidates]`` finds
the rows holding either value through the index; the exact test, per unit, is kept beside it.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db.models import BooleanField, DecimalField, F, Func, Q, QuerySet, TextField, Value

from budgets.units import AmountQuery

MIN_INDEXED_LENGTH = 2  # shorter terms have no bigram
MATCH_LIMIT = 1000  # rows of one kind a search lists at most; beyond, the count is "1,000+"


class Bigrams(Func):
    """``budgets_bigrams(expression)``: the pairs of adjacent characters of its upper case."""

    function = "budgets_bigrams"
    output_field = ArrayField(TextField())


class ArrayContains(Func):
    """``left @> right`` of two arrays, as a condition usable in ``filter()``."""

    arg_joiner = " @> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class AmountArray(Func):
    """``ARRAY[a, b, …]`` of amount columns, as migration 0010 indexes them."""

    template = "ARRAY[%(expressions)s]"
    output_field = ArrayField(DecimalField(max_digits=18, decimal_places=2))


class NumericArray(Func):
    """A literal ``ARRAY[…]::numeric[]`` of the candidate yuan values."""

    template = "ARRAY[%(expressions)s]::numeric[]"
    output_field = ArrayField(DecimalField(max_digits=18, decimal_places=2))


class ArrayOverlaps(Func):
    """``left && right``: the arrays share an element."""

    arg_joiner = " && "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def amount_matches(
    fields: Sequence[str], amount: AmountQuery, *, unit_field: str, row_unit_field: str = ""
) -> Q:
    """Rows where one of the amount `fields` (yuan; all of them, in the order migration 0010
    indexed them) is `amount` as printed: in the unit the row's own table printed
    (`row_unit_field`, where the parser recorded it: a 三公 table in 万元 inside a 元 document)
    or else in its document's unit (`unit_field`)."""
    by_unit = amount.yuan_by_unit()
    exact = Q()
    for unit, yuan in by_unit.items():
        in_fields = Q()
        for field in fields:
            in_fields |= Q(**{field: yuan})
        printed_in = Q(**{unit_field: unit})
        if row_unit_field:
            printed_in = Q(**{row_unit_field: unit}) | (Q(**{row_unit_field: ""}) & printed_in)
        exact |= printed_in & in_fields
    candidates = [Value(yuan) for yuan in sorted(set(by_unit.values()), key=Decimal)]
    indexed = ArrayOverlaps(AmountArray(*[F(field) for field in fields]), NumericArray(*candidates))
    return Q(indexed) & exact


def is_indexable(term: str) -> bool:
    """Whether the bigram index can narrow a search for `term` (two characters or more)."""
    return len(term) >= MIN_INDEXED_LENGTH


def any_contains(fields: Sequence[str], term: str) -> Q:
    """Rows where at least one of `fields` contains `term`, case-insensitively (exactly
    ``icontains``), found through the bigram indexes when the term has two characters or more.

    The fields should be columns of one table. The bigram tests and the LIKEs are OR-ed
    separately, ``(bigrams(a) @> t OR bigrams(b) @> t) AND (a LIKE … OR b LIKE …)``: PostgreSQL
    answers the first part with one BitmapOr of the indexes and rechecks only the LIKEs. Written
    as ``(bigrams(a) @> t AND a LIKE …) OR (…)`` it would recompute ``budgets_bigrams()`` on
    every row found (6 µs a short column, 60 µs a narrative section).
    """
    exact = Q()
    for field in fields:
        exact |= Q(**{f"{field}__icontains": term})
    if not is_indexable(term):
        return exact
    indexed = Q()
    for field in fields:
        indexed |= Q(ArrayContains(Bigrams(F(field)), Bigrams(Value(term))))
    return indexed & exact


def first_matches(matches: QuerySet, *, terms: Sequence[str], limit: int) -> QuerySet:
    """At most `limit` rows of `matches`, whichever are cheapest to find.

    When a term goes through the bigram index, the first found in storage order: the scan
    stops after `limit` rows, so a common word costs no more than a rare one. The same rows on
    every request (so that pages follow each other) because the scan runs in one process:
    ``budgets_bigrams`` is marked PARALLEL RESTRICTED for that (migration 0005). With only
    one-character terms (no index), the lowest keys: the scan may read the whole table anyway,
    and ordering keeps the rows the same.
    """
    indexed = any(is_indexable(term) for term in terms)
    ordered = matches.order_by() if indexed else matches.order_by("pk")
    return ordered[:limit]


def first_match_ids(matches: QuerySet, *, terms: Sequence[str], limit: int) -> list[int]:
    """The primary keys of `first_matches` (one query)."""
    ids = matches.values_list("pk", flat=True)
    return list(first_matches(ids, terms=terms, limit=limit))
