"""Doubtful OCR readings shaped for the disclosure and review pages (selectors.ocr_marks)."""

from budgets.selectors.ocr_marks import ocr_marks_from


def _url(page: int) -> str:
    return f"/disclosures/7/page/{page}.png"


def test_marks_say_why_in_words_and_point_at_the_cell_image():
    marks = ocr_marks_from(
        [
            {
                "reason": "low_confidence",
                "line": 12,
                "cell": 1,
                "text": "91,016,775.35",
                "confidence": 0.412,
                "page": 2,
                "box": [271.6, 501.7, 414.2, 526.6],
            },
            {
                "reason": "check_failed",
                "check": "summary:income_total",
                "lines": [5, 12],
                "confidence": None,
                "page": 2,
                "box": [58, 175, 782, 532],
            },
        ],
        page_image_url=_url,
    )
    assert [(m.reason, m.text, m.confidence_percent, m.line_start, m.line_end) for m in marks] == [
        ("识别把握不足", "91,016,775.35", 41, 12, 12),
        ("所在行的校验未通过", "", None, 5, 12),
    ]
    assert marks[0].image_url == "/disclosures/7/page/2.png?box=271.6,501.7,414.2,526.6"


def test_malformed_marks_are_left_out():
    assert (
        ocr_marks_from([{"reason": "low_confidence", "page": "x"}, {}], page_image_url=_url) == []
    )
    assert ocr_marks_from(None, page_image_url=_url) == []
