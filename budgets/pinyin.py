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


def order_by_pinyin(queryset: QuerySet, field: str, *, descending: bool = False) -> QuerySet:
    """`queryset` ordered by `field` (a text field or lookup path) in pinyin order.

    One query reads the primary keys and names; they are sorted here and the queryset is
    ordered by each row's place in that list (array_position), so slicing and counting
    still happen in the database."""
    rows = list(queryset.order_by().values_list("pk", field))
    rows.sort(key=lambda row: (pinyin_key(row[1] or ""), row[0]), reverse=descending)
    place = Func(
        Value([pk for pk, _ in rows], output_field=ArrayField(BigIntegerField())),
        F("pk"),
        function="array_position",
    )
    return queryset.order_by(place)
