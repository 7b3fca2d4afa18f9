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
            "check": "functional_hierarchy:expenditure:total",
            "lines": [2, 3],
            "confidence": 0.41,
            "page": 1,
            "box": [50.0, 200.0, 780.0, 225.0],
        }
    ]


def test_a_text_layer_document_gets_no_marks():
    checks = [{"check": "summary:income_total", "status": "fail", "lines": [2, 2]}]
    assert ocr_review_marks(_raw(confidence={}), checks) == []


def test_marks_are_bounded():
    lines = tuple(SourceLine(n, ("x",)) for n in range(1, MAX_MARKS + 50))
    raw = _raw(
        lines=lines,
        locations={line.no: "p1 0.0,0.0,10.0,10.0" for line in lines},
        confidence={line.no: (0.1,) for line in lines},
    )
    assert len(ocr_review_marks(raw, [])) == MAX_MARKS
