"""Project performance-target forms (项目支出绩效目标申报表): read them and check their funds.

``extract_performance_targets(lines)`` returns one dict per form (project,
department, implementing unit, attribute, period, annual funds in 元 by source,
the annual overall goal and every indicator) and a list of what could not be
read. ``check_form_funds(targets, projects)`` compares each form's annual funds
with its project's amount in 项目支出预算表 (表12); ``name_forms_by_projects`` gives a
form whose printed name OCR damaged its project's name when the funds agree exactly.

The shape follows shared/docs/disclosure-schema.md; modules:
``blocks`` (where forms are), ``reader`` (one form), ``header`` (name, department,
funds), ``funds`` (amounts split across cells), ``indicators`` (the indicator table),
``values`` (target values), ``goals`` (总体目标), ``check`` (funds against 表12).
"""

from ingest.forms.check import check_form_funds, match_project, name_forms_by_projects
from ingest.forms.reader import extract_performance_targets

__all__ = [
    "check_form_funds",
    "extract_performance_targets",
    "match_project",
    "name_forms_by_projects",
]
