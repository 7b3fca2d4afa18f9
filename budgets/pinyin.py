"""Chinese names in pinyin order, as a reader of a Chinese index expects them.

`pinyin_key` orders texts the way a Chinese dictionary does: character by character, by the
character's reading (syllable, then tone), characters of one reading by code point; readings
come from pypinyin, which reads words as words (重庆 chóngqìng, 银行 yínháng). Anything not
Chinese (digits, Latin letters, punctuation) keeps its own character, so "2024年" sorts
before Chinese names as digits do. `order_by_pinyin` applies that order to a queryset in the
database (PostgreSQL has no pinyin collation here: the embedded server has no ICU), so a
list keeps its paging and counts in SQL.
"""

from functools import lru_cache
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, F, Func, QuerySet, Value
from pypinyin import Style, lazy_pinyin, load_single_dict

# 长 alone reads zhǎng in pypinyin, but in names (长治市, 长宁区, 长清区, 长丰县) it is cháng;
# the words that read zhǎng (长子县, 局长, 部长) are in pypinyin's phrase list and keep it.
load_single_dict({ord("长"): "cháng,zhǎng"})

KEY_CACHE_SIZE = 16384  # distinct names kept; a portal lists a few thousand organizations


@lru_cache(maxsize=KEY_CACHE_SIZE)
def pinyin_key(text: str) -> tuple[tuple[str, str], ...]:
    """The sort key of `text`: (reading with tone number, character) for each character."""
    readings = lazy_pinyin(
        text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda chars: list(chars)
    )
    # lazy_pinyin gives one reading per Chinese character and, through `errors`, each other
    # character as itself, so the two sequences line up; should they not, read one by one.
    if len(readings) != len(text):
        readings = [(lazy_pinyin(char, style=Style.TONE3) or [char])[0] for char in text]
    return tuple(zip(readings, text, strict=True))


class PinyinPlace(Func):
    """A row's place in pinyin order: ``array_position(<primary keys in pinyin order>, pk)``.

    The keys are read (one query: primary keys and names) and sorted when the SQL is compiled,
    not when the ordering is set: a table that orders by name by default and is then sorted
    by another column never pays for it, nor does the paginator's COUNT, which drops ordering.
    """

    function = "array_position"
    output_field = BigIntegerField()

    def __init__(self, queryset: QuerySet, field: str, *, descending: bool) -> None:
        self.source_rows, self.name_field = queryset.order_by(), field
        self.descending = descending
        super().__init__(Value([], output_field=ArrayField(BigIntegerField())), F("pk"))

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list]:
        rows = list(self.source_rows.values_list("pk", self.name_field))
        rows.sort(key=lambda row: (pinyin_key(row[1] or ""), row[0]), reverse=self.descending)
        ordered = self.copy()
        ordered.source_expressions = [
            Value([pk for pk, _ in rows], output_field=ArrayField(BigIntegerField())),
            *self.source_expressions[1:],
        ]
        return Func.as_sql(ordered, compiler, connection, **extra_context)


def order_by_pinyin(queryset: QuerySet, field: str, *, descending: bool = False) -> QuerySet:
    """`queryset` ordered by `field` (a text field or lookup path) in pinyin order.

    Rows are ordered by their place in the list of primary keys sorted here (PinyinPlace), so
    slicing and counting still happen in the database."""
    return queryset.order_by(PinyinPlace(queryset, field, descending=descending))
