"""The upload form takes the formats the parser reads, old Excel workbooks (.xls) among them."""

from ingest.services import upload_rejection
from ingest.upload_forms import UploadForm


def test_the_file_picker_offers_xls():
    accept = UploadForm().fields["files"].widget.attrs["accept"].split(",")
    assert ".xls" in accept and ".xlsx" in accept and ".pdf" in accept


def test_an_xls_file_is_not_refused_by_its_name():
    assert upload_rejection(name="2024年部门预算.XLS", size=48_000) is None
