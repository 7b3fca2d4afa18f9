"""The budget data model: who publishes, what they published, and every figure in it.

Money is stored in yuan (元) everywhere, as `DecimalField(max_digits=18, decimal_places=2)`,
never as a float. Disclosures print their tables in 万元 (ten thousand yuan) and the parser
reports them in that unit (`amount_unit`); persistence multiplies by 10000 once, while
loading, so "2373.00 万元" is stored as Decimal("23730000.00"). Fields holding yuan end in
`_yuan` or sit in a table whose columns are all yuan (FunctionalLine, EconomicLine). The one
exception is ValidationCheck, which keeps the document's own unit (see there).

Provenance: every figure row records `line_start` and `line_end`, the 1-based line range of
the decoded source text (`Disclosure.source_text`) it was read from, so a reader can check
any number against the document. `page` is for sources that have pages (PDF), later.

Glossary (identifier = official term):
    Region              行政区划 (省 / 市 / 县 / 乡镇街道), keyed by its 行政区划代码 (GB/T 2260)
    Organization        预算单位: a 部门 (department) or a 单位 (unit under a department)
    Disclosure          预算公开文件: one published document (部门预算, 单位预算, 专项资金, 决算)
    FunctionalCode      支出功能分类科目: 类 (3 digits), 款 (5), 项 (7); codes are text
    EconomicItem        支出经济分类科目: 部门预算支出经济分类 and 政府预算支出经济分类
    Figure              单项数: one keyed amount (收支总表 totals, 三公经费, 机关运行经费, 政府采购)
    FunctionalLine      按功能分类列示的一行 (收入总表, 支出总表, 财政拨款收支总表 …)
    EconomicLine        基本支出分经济科目表的一行: 合计 / 人员经费 / 公用经费
    Project             项目支出 (本年预算 / 上年结转), 特定目标类 or 其他运转类
    PerformanceTarget   项目支出绩效目标表; Indicator = 绩效指标 (一级 / 二级 / 三级, 指标值)
    NarrativeSection    情况说明 sections; GlossaryTerm = 名词解释
    ValidationCheck     校验: one reconciliation check and its outcome
    basic / project     基本支出 / 项目支出; personnel / public = 人员经费 / 公用经费
    three_public        “三公”经费: 因公出国(境)费, 公务接待费, 公务用车购置及运行费
    operating           机关运行经费; carryover = 上年结转 (a 决算's 年初结转和结余)
    final (决算)        a 决算 stores the same rows and keys as a budget wherever they mean the
                        same: its 支出决算表 rows are FunctionalLine rows of table "expenditure",
                        its 收入决算表 rows of table "income", its 收入支出决算总表 the summary
                        Figures (with current_year_expenditure and year_end_carryover), its
                        “三公” 决算数 the three_public Figures and the 预算数 beside them the
                        three_public_budget Figures; a budget and its 决算 line up by code and key
    unit                报表单位: the unit a row's table printed (元, 万元); amounts are yuan all
                        the same, the unit says how the document showed them
"""

import hashlib

from django.db import models
from django.db.models import F, Q

MONEY = {"max_digits": 18, "decimal_places": 2}
YUAN_PER_WAN = 10000  # 1 万元 = 10000 元


def money_field(verbose_name: str, **kwargs: object) -> models.DecimalField:
    """A nullable amount in yuan: null means the document left the cell empty."""
    return models.DecimalField(verbose_name, null=True, blank=True, **MONEY, **kwargs)


class SourceLines(models.Model):
    """Provenance shared by every parsed row: where in the source text it was read."""

    line_start = models.PositiveIntegerField("起始行")
    line_end = models.PositiveIntegerField("结束行")
    page = models.PositiveIntegerField("页码", null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(line_start__gte=1) & Q(line_end__gte=F("line_start")),
                name="%(app_label)s_%(class)s_line_range",
            ),
        ]


class Region(models.Model):
    """A division of the national list (``ingest.places``): a province, a 地级 city, a county
    (区 / 县 / 县级市 / 旗) or a town (街道 / 镇 / 乡). ``code`` is its official code (6 digits,
    9 for a town); it is empty only for a region created by name that the list does not know.
    The municipalities (北京, 天津, 上海, 重庆) have no city level: their districts hang
    directly under them, as in the official list."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县"
        TOWN = "town", "乡镇街道"

    name = models.CharField("名称", max_length=100)
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    code = models.CharField(
        "行政区划代码", max_length=12, unique=True, null=True, blank=True, default=None
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["level", "name"]
        constraints = [
            # nulls_distinct=False: two provinces (parent NULL) may not share a name either.
            models.UniqueConstraint(
                fields=["parent", "name"], nulls_distinct=False, name="unique_region_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def organization_slug(normalized_name: str) -> str:
    """An ASCII slug that is stable for a name: "org-" and a short hash of the normalized name."""
    digest = hashlib.sha256(normalized_name.encode("utf-8")).hexdigest()[:10]
    return f"org-{digest}"


class Organization(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", "部门"
        UNIT = "unit", "单位"

    name = models.CharField("名称", max_length=200)
    normalized_name = models.CharField(
        "规范名称",
        max_length=200,
        unique=True,
        help_text="名称去除空白与标点差异后的形式, 用于匹配同一单位的不同写法",
    )
    slug = models.SlugField("标识", max_length=64, unique=True, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name="主管部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="行政区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    # Set by generate_corpus and bench/parse_bench.py only; generate_corpus refuses a
    # database holding any organization without it.
    is_synthetic = models.BooleanField(
        "系统生成",
        default=False,
        help_text=(
            "基准测试生成的虚构单位(generate_corpus 的合成语料, parse_bench 的入库测试), "
            "不是来自公开文件; generate_corpus 不写入含其他单位的数据库"
        ),
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "预算单位"
        verbose_name_plural = "预算单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # The slug derives from the normalized name; only filled in, never rewritten, so that
        # links stay valid after a rename.
        if not self.slug:
            self.slug = organization_slug(self.normalized_name)
        super().save(*args, **kwargs)


class CodeLevel(models.TextChoices):
    CATEGORY = "category", "类"
    SECTION = "section", "款"
    ITEM = "item", "项"


CODE_LENGTH_LEVELS = {3: CodeLevel.CATEGORY, 5: CodeLevel.SECTION, 7: CodeLevel.ITEM}


def code_level(code: str) -> CodeLevel:
    """The level of a functional code from its length: 201 类, 20103 款, 2010301 项."""
    try:
        return CODE_LENGTH_LEVELS[len(code)]
    except KeyError:
        raise ValueError(f"A functional code has 3, 5 or 7 digits, not {code!r}.") from None


class FunctionalCode(models.Model):
    """A 支出功能分类科目 as a year's code list names it (names change between years)."""

    fiscal_year = models.PositiveSmallIntegerField("年度")
    code = models.CharField("科目编码", max_length=7)
    name = models.CharField("科目名称", max_length=200)
    level = models.CharField("级次", max_length=16, choices=CodeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级科目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "功能分类科目"
        verbose_name_plural = "功能分类科目"
        ordering = ["fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"], name="unique_functional_code_per_year"
            ),
            models.CheckConstraint(
                condition=(
                    Q(level=CodeLevel.CATEGORY, code__regex=r"^[0-9]{3}$")
                    | Q(level=CodeLevel.SECTION, code__regex=r"^[0-9]{5}$")
                    | Q(level=CodeLevel.ITEM, code__regex=r"^[0-9]{7}$")
                ),
                name="functional_code_level_matches_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EconomicItem(models.Model):
    """A 支出经济分类科目 in one of the two schemes, keyed by name (codes are rarely printed)."""

    class Scheme(models.TextChoices):
        DEPARTMENT = "dept", "部门预算支出经济分类"
        GOVERNMENT = "gov", "政府预算支出经济分类"

    fiscal_year = models.PositiveSmallIntegerField("年度")
    scheme = models.CharField("分类体系", max_length=8, choices=Scheme.choices)
    name = models.CharField("科目名称", max_length=200)
    code = models.CharField("科目编码", max_length=16, blank=True)

    class Meta:
        verbose_name = "经济分类科目"
        verbose_name_plural = "经济分类科目"
        ordering = ["fiscal_year", "scheme", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "scheme", "name"], name="unique_economic_item_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Disclosure(models.Model):
    """One published disclosure document, in one version, and the parse of it."""

    class Kind(models.TextChoices):
        DEPARTMENT_BUDGET = "department_budget", "部门预算"
        UNIT_BUDGET = "unit_budget", "单位预算"
        SPECIAL_FUNDS = "special_funds", "专项资金"
        DEPARTMENT_FINAL = "department_final", "部门决算"
        UNIT_FINAL = "unit_final", "单位决算"

    class SourceFormat(models.TextChoices):
        TEXT = "text", "文本"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"
        DOCX = "docx", "Word"

    class Status(models.TextChoices):
        PARSED = "parsed", "已解析"
        FAILED = "failed", "解析失败"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被新版本取代"
        DISCARDED = "discarded", "已弃用"

    organization = models.ForeignKey(
        Organization,
        verbose_name="预算单位",
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    fiscal_year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    amount_unit = models.CharField(
        "金额单位", max_length=8, default="万元", help_text="文件报表所用单位; 本库一律按元存储"
    )
    entity_name = models.CharField("文件所列单位名称", max_length=200)
    source_file = models.FileField("源文件", upload_to="disclosures/%Y/", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    original_filename = models.CharField("原文件名", max_length=255)
    source_format = models.CharField(
        "文件格式", max_length=8, choices=SourceFormat.choices, default=SourceFormat.TEXT
    )
    source_text = models.TextField("源文本", blank=True, help_text="解码后的文本, 行号即出处行号")
    parsed = models.JSONField("解析结果", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PARSED)
    supersedes = models.ForeignKey(
        "self",
        verbose_name="取代的版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    checks_passed = models.PositiveIntegerField("校验通过数", default=0)
    checks_failed = models.PositiveIntegerField("校验未通过数", default=0)
    checks_skipped = models.PositiveIntegerField("校验跳过数", default=0)
    # Denormalized from the figures so lists and comparisons need no joins.
    total_yuan = money_field("支出总计(元)")
    basic_yuan = money_field("基本支出(元)")
    project_yuan = money_field("项目支出(元)")
    three_public_yuan = money_field("“三公”经费(元)")
    operating_yuan = money_field("机关运行经费(元)")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "预算公开文件"
        verbose_name_plural = "预算公开文件"
        ordering = ["-fiscal_year", "organization__name", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "kind"],
                condition=Q(status="published"),
                name="one_published_per_org_year_kind",
            ),
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "kind", "version"],
                name="unique_disclosure_version",
            ),
        ]
        indexes = [
            models.Index(
                fields=["fiscal_year", "kind", "status"], name="disclosure_year_kind_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity_name} {self.fiscal_year}年{self.get_kind_display()} v{self.version}"


class Figure(SourceLines):
    """One keyed amount of a disclosure, with keys as in the parse JSON (disclosure-schema.md).

    summary: income_total, current_year_income, carryover_income, general_public_budget, …,
    and what a table prints beyond (fiscal_grant_income, business_income, …; a 决算's
    current_year_expenditure, year_end_carryover, non_grant_balance_used);
    economic_basic: total, personnel, public (the 合计 row of 基本支出分经济科目表);
    three_public: total, outbound_travel, reception, vehicle_total, … (a 决算's 决算数;
    three_public_budget the 预算数 it prints beside them); operating: total;
    procurement: total, goods, works, services.

    A table the document marks 本表无数据 has no rows here; whether it was present at all is
    recorded in `Disclosure.parsed`, as the parse JSON distinguishes [] from an absent key.
    """

    class Section(models.TextChoices):
        SUMMARY = "summary", "收支总表"
        ECONOMIC_BASIC = "economic_basic", "基本支出经济分类合计"
        THREE_PUBLIC = "three_public", "“三公”经费"
        # A 决算's 三公 table prints the budget beside the final figures (three_public).
        THREE_PUBLIC_BUDGET = "three_public_budget", "“三公”经费预算数"
        OPERATING = "operating", "机关运行经费"
        PROCUREMENT = "procurement", "政府采购"

    disclosure = models.ForeignKey(
        Disclosure, verbose_name="公开文件", on_delete=models.CASCADE, related_name="figures"
    )
    section = models.CharField("所属部分", max_length=24, choices=Section.choices)
    key = models.CharField("项目键", max_length=64)
    amount_yuan = money_field("金额(元)")
    unit = models.CharField("报表单位", max_length=8, blank=True, help_text="原表所用金额单位")

    class Meta(SourceLines.Meta):
        verbose_name = "单项数"
        verbose_name_plural = "单项数"
        ordering = ["disclosure", "section", "key"]
        constraints = [
            *SourceLines.Meta.constraints,
            models.UniqueConstraint(
                fields=["disclosure", "section", "key"], name="unique_figure_per_disclosure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()}.{self.key}"


class FunctionalLine(SourceLines):
    """A row, keyed by functional code, of a table broken down by 功能分类. Amounts in yuan."""

    class Table(models.TextChoices):
        SUMMARY = "summary", "收支总表"
        # A 决算's 收入决算表 and 支出决算表 are stored here too, so a budget and its 决算 line
        # up by code; a page names them by the disclosure's kind.
        INCOME = "income", "预算收入总表"
        EXPENDITURE = "expenditure", "预算支出总表"
        FISCAL_GRANT = "fiscal_grant", "财政拨款收支总表"
        GENERAL_PUBLIC = "general_public", "一般公共预算支出表"
        GOVERNMENT_FUND = "government_fund", "政府性基金预算支出表"
        STATE_CAPITAL = "state_capital", "国有资本经营预算支出表"

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name="公开文件",
        on_delete=models.CASCADE,
        related_name="functional_lines",
    )
    table = models.CharField("报表", max_length=16, choices=Table.choices)
    functional_code = models.ForeignKey(
        FunctionalCode,
        verbose_name="功能分类科目",
        on_delete=models.PROTECT,
        related_name="lines",
    )
    code = models.CharField("科目编码", max_length=7)
    name = models.CharField("科目名称(原文)", max_length=200)
    position = models.PositiveIntegerField("顺序")
    total = money_field("合计")
    basic = money_field("基本支出")
    project = money_field("项目支出")
    general_public_budget = money_field("一般公共预算")
    government_fund = money_field("政府性基金预算")
    state_capital = money_field("国有资本经营预算")
    special_account = money_field("财政专户管理资金")
    unit_funds = money_field("单位资金")
    carryover = money_field("上年结转", help_text="决算: 年初结转和结余")
    # Income by kind (上海's 收入预算总表, 收入决算表).
    fiscal_grant = money_field("财政拨款收入")
    superior_subsidy = money_field("上级补助收入")
    business_income = money_field("事业收入")
    operating_income = money_field("经营收入")
    affiliated_income = money_field("附属单位上缴收入")
    other_income = money_field("其他收入")
    # 基本支出 split into 人员经费 / 公用经费 (a unit's 支出总表).
    personnel = money_field("人员经费")
    public = money_field("公用经费")
    # The 支出决算表's other spending.
    paid_to_superior = money_field("上缴上级支出")
    operating_expenditure = money_field("经营支出")
    subsidy_to_affiliated = money_field("对附属单位补助支出")
    # A 决算's fund tables: 本年收入 and 年末结转和结余 beside 年初结转和结余 (carryover).
    income = money_field("本年收入")
    year_end_carryover = money_field("年末结转和结余")
    unit = models.CharField("报表单位", max_length=8, blank=True, help_text="原表所用金额单位")

    class Meta(SourceLines.Meta):
        verbose_name = "功能分类明细"
        verbose_name_plural = "功能分类明细"
        ordering = ["disclosure", "table", "position"]
        constraints = [
            *SourceLines.Meta.constraints,
            models.UniqueConstraint(
                fields=["disclosure", "table", "code"], name="unique_functional_line"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EconomicLine(SourceLines):
    """A row of 基本支出分经济科目表; category rows (工资福利支出 …) are subtotals. Yuan."""

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name="公开文件",
        on_delete=models.CASCADE,
        related_name="economic_lines",
    )
    position = models.PositiveIntegerField("顺序")
    dept_item = models.ForeignKey(
        EconomicItem,
        verbose_name="部门预算经济分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dept_lines",
    )
    gov_item = models.ForeignKey(
        EconomicItem,
        verbose_name="政府预算经济分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gov_lines",
    )
    dept_item_name = models.CharField("部门预算经济分类(原文)", max_length=200, blank=True)
    gov_item_name = models.CharField("政府预算经济分类(原文)", max_length=200, blank=True)
    # The 部门预算经济分类 code where the table prints one ("30101"; 上海, 决算).
    code = models.CharField("经济分类编码", max_length=16, blank=True)
    is_category = models.BooleanField("类级小计", default=False)
    total = money_field("合计", help_text="决算: 决算数")
    personnel = money_field("人员经费")
    public = money_field("公用经费")
    unit = models.CharField("报表单位", max_length=8, blank=True, help_text="原表所用金额单位")

    class Meta(SourceLines.Meta):
        verbose_name = "经济分类明细"
        verbose_name_plural = "经济分类明细"
        ordering = ["disclosure", "position"]
        constraints = [
            *SourceLines.Meta.constraints,
            models.UniqueConstraint(fields=["disclosure", "position"], name="unique_economic_line"),
        ]

    def __str__(self) -> str:
        return self.dept_item_name or self.gov_item_name


class Project(SourceLines):
    """A project row of 项目支出预算表 (本年预算 or 上年结转), without unit subtotal rows."""

    class Kind(models.TextChoices):
        CURRENT = "current", "本年预算"
        CARRYOVER = "carryover", "上年结转"

    class Category(models.TextChoices):
        SPECIFIC_TARGET = "specific_target", "特定目标类"
        OTHER_OPERATING = "other_operating", "其他运转类"

    disclosure = models.ForeignKey(
        Disclosure, verbose_name="公开文件", on_delete=models.CASCADE, related_name="projects"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    position = models.PositiveIntegerField("顺序")
    name = models.CharField("项目名称", max_length=300)
    unit_name = models.CharField("单位名称", max_length=200, blank=True)
    category = models.CharField("项目类别", max_length=16, choices=Category.choices, blank=True)
    amount_yuan = money_field("合计(元)")
    # The table's columns by source of funds, in yuan like amount_yuan.
    general_public_budget = money_field("一般公共预算(元)")
    government_fund = money_field("政府性基金预算(元)")
    state_capital = money_field("国有资本经营预算(元)")
    special_account = money_field("财政专户管理资金(元)")
    unit_funds = money_field("单位资金(元)")

    class Meta(SourceLines.Meta):
        verbose_name = "项目支出"
        verbose_name_plural = "项目支出"
        ordering = ["disclosure", "kind", "position"]
        constraints = [
            *SourceLines.Meta.constraints,
            models.UniqueConstraint(
                fields=["disclosure", "kind", "position"], name="unique_project"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PerformanceTarget(SourceLines):
    """A 项目支出绩效目标表 form. Its funds are in yuan as the forms print them."""

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name="公开文件",
        on_delete=models.CASCADE,
        related_name="performance_targets",
    )
    position = models.PositiveIntegerField("顺序")
    project = models.ForeignKey(
        Project,
        verbose_name="对应项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="performance_targets",
    )
    project_name = models.CharField("项目名称", max_length=300)
    department = models.CharField("主管部门及代码", max_length=200, blank=True)
    implementing_unit = models.CharField("实施单位", max_length=200, blank=True)
    attribute = models.CharField("项目属性", max_length=100, blank=True)
    period = models.CharField("项目期", max_length=100, blank=True)
    annual_funds_yuan = money_field("年度资金总额(元)")
    funds = models.JSONField(
        "资金来源(元)",
        default=dict,
        blank=True,
        help_text='按来源列示的金额, 如 {"财政拨款": 500000}',
    )
    overall_goal = models.TextField("总体目标", blank=True)

    class Meta(SourceLines.Meta):
        verbose_name = "绩效目标"
        verbose_name_plural = "绩效目标"
        ordering = ["disclosure", "position"]
        constraints = [
            *SourceLines.Meta.constraints,
            models.UniqueConstraint(
                fields=["disclosure", "position"], name="unique_performance_target"
            ),
        ]

    def __str__(self) -> str:
        return self.project_name


class Indicator(SourceLines):
    """A 绩效指标 of a form; "≥20家" is parsed into comparator ≥, number 20, unit 家."""

    class Comparator(models.TextChoices):
        GTE = "≥", "≥"
        LTE = "≤", "≤"
        EQ = "=", "="
        GT = ">", ">"
        LT = "<", "<"

    target = models.ForeignKey(
        PerformanceTarget,
        verbose_name="绩效目标",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    position = models.PositiveIntegerField("顺序")
    level1 = models.CharField("一级指标", max_length=100, blank=True)
    level2 = models.CharField("二级指标", max_length=100, blank=True)
    level3 = models.CharField("三级指标", max_length=300, blank=True)
    value_text = models.CharField("指标值(原文)", max_length=300, blank=True)
    comparator = models.CharField("比较符", max_length=1, choices=Comparator.choices, blank=True)
    number = models.DecimalField("数值", max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField("计量单位", max_length=32, blank=True)

    class Meta(SourceLines.Meta):
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        ordering = ["target", "position"]
        constraints = [
            *SourceLines.Meta.constraints,
            models.UniqueConstraint(fields=["target", "position"], name="unique_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.level3} {self.value_text}".strip()


class NarrativeSection(SourceLines):
    """A headed section of the 情况说明 (or any prose part) as text."""

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name="公开文件",
        on_delete=models.CASCADE,
        related_name="narrative_sections",
    )
    position = models.PositiveIntegerField("顺序")
    heading = models.CharField("标题", max_length=300)
    text = models.TextField("正文", blank=True)

    class Meta(SourceLines.Meta):
        verbose_name = "情况说明"
        verbose_name_plural = "情况说明"
        ordering = ["disclosure", "position"]
        constraints = [
            *SourceLines.Meta.constraints,
            models.UniqueConstraint(
                fields=["disclosure", "position"], name="unique_narrative_section"
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class GlossaryTerm(SourceLines):
    """A 名词解释 entry of a disclosure."""

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name="公开文件",
        on_delete=models.CASCADE,
        related_name="glossary_terms",
    )
    position = models.PositiveIntegerField("顺序")
    term = models.CharField("名词", max_length=200)
    definition = models.TextField("解释", blank=True)

    class Meta(SourceLines.Meta):
        verbose_name = "名词解释"
        verbose_name_plural = "名词解释"
        ordering = ["disclosure", "position"]
        constraints = [
            *SourceLines.Meta.constraints,
            models.UniqueConstraint(fields=["disclosure", "position"], name="unique_glossary_term"),
        ]

    def __str__(self) -> str:
        return self.term


class ValidationCheck(models.Model):
    """One reconciliation check of a disclosure and its outcome: the public validation report.

    `check_name` is the parse JSON's "check" (e.g. "functional_hierarchy:201"); a field
    cannot be called `check`, which would hide Django's Model.check().

    expected / actual / difference are in `unit`, the unit the check compared in: the
    document's own (usually 万元, as the parse JSON reports them), so that the report reads like
    the document and a rounding difference shows as 0.01, not 100. Lines are optional: a
    skipped check may point at nothing.
    """

    class Status(models.TextChoices):
        PASS = "pass", "通过"
        FAIL = "fail", "未通过"
        SKIPPED = "skipped", "跳过"

    class Outcome(models.TextChoices):
        OK = "ok", "一致"
        ROUNDING = "rounding", "舍入差异"
        MISMATCH = "mismatch", "不一致"
        MISSING = "missing", "缺少数据"

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name="公开文件",
        on_delete=models.CASCADE,
        related_name="validation_checks",
    )
    position = models.PositiveIntegerField("顺序")
    check_name = models.CharField("校验项", max_length=200)
    status = models.CharField("结果", max_length=8, choices=Status.choices)
    outcome = models.CharField("差异类型", max_length=16, choices=Outcome.choices, blank=True)
    unit = models.CharField("单位", max_length=8, default="万元")
    expected = models.DecimalField("应为", max_digits=20, decimal_places=4, null=True, blank=True)
    actual = models.DecimalField("实为", max_digits=20, decimal_places=4, null=True, blank=True)
    difference = models.DecimalField("差额", max_digits=20, decimal_places=4, null=True, blank=True)
    message = models.TextField("说明", blank=True)
    line_start = models.PositiveIntegerField("起始行", null=True, blank=True)
    line_end = models.PositiveIntegerField("结束行", null=True, blank=True)
    page = models.PositiveIntegerField("页码", null=True, blank=True)

    class Meta:
        verbose_name = "校验结果"
        verbose_name_plural = "校验结果"
        ordering = ["disclosure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure", "position"], name="unique_validation_check"
            ),
            models.CheckConstraint(
                condition=Q(line_start__isnull=True)
                | (Q(line_start__gte=1) & Q(line_end__gte=F("line_start"))),
                name="budgets_validationcheck_line_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.check_name}: {self.get_status_display()}"
