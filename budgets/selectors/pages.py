"""Reads of the glossary and about pages, aggregated in SQL so that their size and query
count stay bounded however many documents the portal holds."""

from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import CharField, Count, F, Func, Q, Value

from budgets.models import Disclosure, GlossaryTerm, ValidationCheck
from budgets.pinyin import pinyin_key
from budgets.selectors.disclosures import CHECK_KINDS

PUBLISHED = Disclosure.Status.PUBLISHED
SOURCES_SHOWN = 6  # documents listed under a term; the count says how many in all


@dataclass(frozen=True)
class GlossaryEntry:
    """A term, its definition as the latest document words it, and where it comes from."""

    term: str
    definition: str
    source: GlossaryTerm  # the row the definition was taken from (for its source lines)
    document_count: int
    documents: tuple[Disclosure, ...]  # the first SOURCES_SHOWN of them


QUOTES = str.maketrans("", "", "“”\"「」『』'‘’")


def term_key(term: str) -> str:
    """A term without its quotation marks: “三公”经费 and "三公"经费 are one term."""
    return term.translate(QUOTES).strip()


def glossary_entries() -> list[GlossaryEntry]:
    """Every 名词解释 term of published documents, once, in pinyin order (three queries)."""
    published = GlossaryTerm.objects.filter(disclosure__status=PUBLISHED)
    counts = {
        row["term"]: row
        for row in published.values("term").annotate(
            n=Count("disclosure_id", distinct=True),
            ids=ArrayAgg("disclosure_id", distinct=True),
        )
    }
    latest = (
        published.exclude(definition="")
        .order_by("term", "-disclosure__fiscal_year", "-disclosure_id")
        .distinct("term")
    )
    shown_ids = {pk for row in counts.values() for pk in sorted(row["ids"])[:SOURCES_SHOWN]}
    documents = Disclosure.objects.select_related("organization").in_bulk(shown_ids)
    # Terms written with other quotation marks are one entry; the first row read keeps its
    # wording and definition.
    merged: dict[str, tuple[GlossaryTerm, set[int]]] = {}
    for row in latest:
        count = counts.get(row.term)
        ids = set(count["ids"]) if count else {row.disclosure_id}
        first, known = merged.get(term_key(row.term), (row, set()))
        merged[term_key(row.term)] = (first, known | ids)
    entries = [
        GlossaryEntry(
            term=row.term,
            definition=row.definition,
            source=row,
            document_count=len(ids),
            documents=tuple(documents[pk] for pk in sorted(ids)[:SOURCES_SHOWN] if pk in documents),
        )
        for row, ids in merged.values()
    ]
    return sorted(entries, key=lambda entry: pinyin_key(term_key(entry.term)))


@dataclass(frozen=True)
class CheckKindCount:
    kind: str
    label: str
    description: str
    passed: int
    failed: int
    skipped: int


def check_kind_counts() -> list[CheckKindCount]:
    """Every family of reconciliation check, described, with its outcomes over published
    documents (one query); families without any check yet are listed with zeros."""
    kind = Func(
        F("check_name"), Value(":"), Value(1), function="split_part", output_field=CharField()
    )
    rows = (
        ValidationCheck.objects.filter(disclosure__status=PUBLISHED)
        .annotate(kind=kind)
        .values("kind")
        .annotate(
            passed=Count("pk", filter=Q(status=ValidationCheck.Status.PASS)),
            failed=Count("pk", filter=Q(status=ValidationCheck.Status.FAIL)),
            skipped=Count("pk", filter=Q(status=ValidationCheck.Status.SKIPPED)),
        )
        .order_by()
    )
    counted = {row["kind"]: row for row in rows}
    result = []
    for name in [*CHECK_KINDS, *sorted(set(counted) - set(CHECK_KINDS))]:
        label, description = CHECK_KINDS.get(name, (name, ""))
        row = counted.get(name, {})
        result.append(
            CheckKindCount(
                kind=name,
                label=label,
                description=description,
                passed=row.get("passed", 0),
                failed=row.get("failed", 0),
                skipped=row.get("skipped", 0),
            )
        )
    return result
