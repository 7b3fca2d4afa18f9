"""Documents derived in code from the real samples, for what no sample shows on its own.

- ``corrected_version``: a second version of a sample, one cell of its text changed and ingested
  as an upload would be (the corrected file supersedes the published one), as after the v2 of
  山阴 in issue 14.
- ``final_from_budget``: a 决算 of the same organization and year as a published budget. No
  sample pairs the two, so the budget's 支出总表 rows and figures are stored again as a 决算's,
  by the contract of issue 11 (its 支出决算表 rows as FunctionalLine rows of the table
  "expenditure", summary figures under the budget's keys, the 决算数 of “三公”经费 under
  three_public and the 预算数 printed beside them under three_public_budget), each amount spent
  at ``rate`` of its budget. Lines keep the budget's numbers: the derived document's source text
  is the budget's.
"""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from budgets.models import Disclosure, Figure, FunctionalLine
from ingest.services import disclosure_ingest
from tests.conftest import SAMPLES_DIR

SAMPLE_002 = SAMPLES_DIR / "002_6c1c086a26e80980.txt"
# 山阴县商务局 2025: the project 消费券资金 400.00 万元 (line 415) becomes 410.00.
SHANYIN_CORRECTION = ("消费券资金\t400.00\t400.00", "消费券资金\t410.00\t410.00")

FINAL_KIND = {
    Disclosure.Kind.DEPARTMENT_BUDGET: Disclosure.Kind.DEPARTMENT_FINAL,
    Disclosure.Kind.UNIT_BUDGET: Disclosure.Kind.UNIT_FINAL,
}
CENT = Decimal("0.01")


def corrected_version(
    path: Path = SAMPLE_002, change: tuple[str, str] = SHANYIN_CORRECTION
) -> Disclosure:
    """The sample with one cell changed, ingested and published as its next version."""
    old, new = change
    text = path.read_text(encoding="utf-8")
    assert old in text
    outcome = disclosure_ingest(
        data=text.replace(old, new).encode("utf-8"), filename=f"{path.stem}-v2{path.suffix}"
    )
    assert outcome.outcome == "new_version"
    return outcome.disclosure


def _spent(amount: Decimal | None, rate: Decimal) -> Decimal | None:
    if amount is None:
        return None
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def final_from_budget(budget: Disclosure, rate: Decimal = Decimal("0.9")) -> Disclosure:
    """A published 决算 of the budget's organization and year, every amount ``rate`` of the
    budget's (三公 at 0.8, so that its rate differs), its 年末结转和结余 what was left."""
    final = Disclosure.objects.create(
        organization=budget.organization,
        fiscal_year=budget.fiscal_year,
        kind=FINAL_KIND[budget.kind],
        entity_name=budget.entity_name,
        source_file=budget.source_file.name,
        sha256=f"final-of-{budget.sha256}"[:64],
        original_filename=f"{Path(budget.original_filename).stem}-决算.txt",
        source_format=budget.source_format,
        source_text=budget.source_text,
        amount_unit=budget.amount_unit,
        status=Disclosure.Status.PUBLISHED,
        total_yuan=_spent(budget.total_yuan, rate),
        basic_yuan=_spent(budget.basic_yuan, rate),
        project_yuan=_spent(budget.project_yuan, rate),
        three_public_yuan=_spent(budget.three_public_yuan, Decimal("0.8")),
        operating_yuan=_spent(budget.operating_yuan, rate),
    )
    lines = [
        FunctionalLine(
            disclosure=final,
            table=line.table,
            functional_code_id=line.functional_code_id,
            code=line.code,
            name=line.name,
            position=line.position,
            total=_spent(line.total, rate),
            basic=_spent(line.basic, rate),
            project=_spent(line.project, rate),
            line_start=line.line_start,
            line_end=line.line_end,
        )
        for line in budget.functional_lines.filter(table=FunctionalLine.Table.EXPENDITURE)
    ]
    FunctionalLine.objects.bulk_create(lines)
    figures = []
    for figure in budget.figures.all():
        if figure.section == Figure.Section.THREE_PUBLIC:
            figures.append(_copy(figure, final, Figure.Section.THREE_PUBLIC_BUDGET, 1))
            figures.append(_copy(figure, final, Figure.Section.THREE_PUBLIC, Decimal("0.8")))
        else:
            figures.append(_copy(figure, final, figure.section, rate))
    total = budget.figures.filter(section="summary", key="expenditure_total").first()
    if total is not None and total.amount_yuan is not None:
        left = total.amount_yuan - _spent(total.amount_yuan, rate)
        # A budget may print its own 年末结转和结余 (often nil): the 决算's is what was left.
        figures = [f for f in figures if (f.section, f.key) != ("summary", "year_end_carryover")]
        figures.append(_copy(total, final, "summary", 1, key="year_end_carryover", amount=left))
    Figure.objects.bulk_create(figures)
    return final


def _copy(
    figure: Figure,
    disclosure: Disclosure,
    section: str,
    rate: Decimal | int,
    key: str | None = None,
    amount: Decimal | None = None,
) -> Figure:
    return Figure(
        disclosure=disclosure,
        section=section,
        key=key or figure.key,
        amount_yuan=amount if amount is not None else _spent(figure.amount_yuan, Decimal(rate)),
        line_start=figure.line_start,
        line_end=figure.line_end,
    )
