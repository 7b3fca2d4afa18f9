"""Marks for the reviewer on lines read by OCR (ingest.ocr_review): plain data, no OCR."""

from ingest.ocr_review import CHECK_FAILED, LOW_CONFIDENCE, MAX_MARKS, ocr_review_marks
from ingest.types import RawDocument, SourceLine


def _raw(**overrides) -> RawDocument:
    fields = {
        "filename": "scan.pdf",
        "sha256": "0" * 64,
        "source_format": "pdf",
        "text": "",
        "lines": (
            SourceLine(1, ("2025年部门支出预算总表",)),
            SourceLine(2, ("201", "一般公共服务支出", "82,096,797.42")),
            SourceLine(3, ("208", "社会保障和就业支出", "4,213,779.28")),
        ),
        "locations": {
            1: "p1 300.0,70.0,530.0,95.0",
            2: "p1 50.0,200.0,780.0,225.0 | 50.0,200.0,90.0,225.0;90.0,200.0,400.0,225.0;"
            "400.0,200.0,780.0,225.0",
            3: "p2 50.0,100.0,780.0,125.0 | 50.0,100.0,90.0,125.0;-;400.0,100.0,780.0,125.0",
        },
        "confidence": {1: (0.99,), 2: (0.99, 0.97, 0.41), 3: (0.95, None, 0.9)},
    }
    return RawDocument(**(fields | overrides))


def test_a_cell_read_with_low_confidence_is_marked_with_its_page_and_box():
    marks = ocr_review_marks(_raw(), [], threshold=0.8)
    assert marks == [
        {
            "reason": LOW_CONFIDENCE,
            "line": 2,
            "cell": 2,
            "text": "82,096,797.42",
            "confidence": 0.41,
            "page": 1,
            "box": [400.0, 200.0, 780.0, 225.0],
        }
    ]


def test_a_failed_check_citing_ocr_lines_is_marked_around_them():
    checks = [
        {"check": "functional_hierarchy:expenditure:total", "status": "fail", "lines": [2, 3]},
        {"check": "summary:income_total", "status": "pass", "lines": [2, 2]},
    ]
    marks = ocr_review_marks(_raw(), checks, threshold=0.3)
    assert marks == [
        {
            "reason": CHECK_FAILED,
            "checks": ["functional_hierarchy:expenditure:total"],
            "lines": [2, 3],
            "confidence": 0.41,
            "page": 1,
            "box": [50.0, 200.0, 780.0, 225.0],
        }
    ]


def test_a_check_failing_on_cells_read_with_near_certainty_is_the_documents_own():
    checks = [{"check": "cross_table_row:x:201", "status": "fail", "lines": [1, 1]}]
    marks = ocr_review_marks(_raw(), checks)
    assert [mark["reason"] for mark in marks] == [LOW_CONFIDENCE]  # line 2's cell only


def test_checks_citing_the_same_lines_make_one_mark():
    checks = [
        {"check": "summary:income_total", "status": "fail", "lines": [2, 2]},
        {"check": "row_total:summary:201", "status": "fail", "lines": [2, 2]},
    ]
    marks = ocr_review_marks(_raw(), checks, threshold=0.3)
    assert [mark["checks"] for mark in marks] == [["summary:income_total", "row_total:summary:201"]]


def test_a_cell_with_ink_ocr_could_not_read_is_marked_and_prose_is_not():
    raw = _raw(
        lines=(
            SourceLine(1, ("本部门主要职能是协助区政府领导处理日常工作",)),
            SourceLine(2, ("201", "一般公共服务支出", "")),
        ),
        confidence={1: (0.41,), 2: (0.99, 0.99, 0.0)},
    )
    marks = ocr_review_marks(raw, [])
    assert [(m["line"], m["cell"], m["text"], m["confidence"]) for m in marks] == [(2, 2, "", 0.0)]


def test_a_text_layer_document_gets_no_marks():
    checks = [{"check": "summary:income_total", "status": "fail", "lines": [2, 2]}]
    assert ocr_review_marks(_raw(confidence={}), checks) == []


def test_marks_are_bounded():
    lines = tuple(SourceLine(n, ("x", "1")) for n in range(1, MAX_MARKS + 50))
    raw = _raw(
        lines=lines,
        locations={line.no: "p1 0.0,0.0,10.0,10.0" for line in lines},
        confidence={line.no: (0.1, 0.1) for line in lines},
    )
    assert len(ocr_review_marks(raw, [])) == MAX_MARKS
