"""The upload gate against a generated corpus of malicious or malformed files, and real files."""

import hashlib
import io

import pytest
from PIL import Image
from pytest_django.fixtures import Settings

from motcua.core.errors import ValidationFailed
from motcua.documents.inspection import upload_inspect
from motcua.documents.tests.samples import (
    Bad,
    Good,
    control_set,
    malicious_corpus,
    photo_jpeg_with_metadata,
    png_with_metadata,
)
from motcua_dev.testing.samples import sample_jpeg, sample_pdf, sample_png

ALL_TYPES = ("pdf", "jpeg", "png", "docx", "xlsx", "zip")
CORPUS = malicious_corpus()
CONTROL = control_set()


def test_the_corpus_is_large_and_names_are_unique() -> None:
    assert len(CORPUS) >= 70
    assert len({bad.id for bad in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("bad", CORPUS, ids=[bad.id for bad in CORPUS])
def test_malicious_or_malformed_upload_is_refused_with_its_reason(
    bad: Bad, settings: Settings
) -> None:
    settings.MOTCUA_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    settings.MOTCUA_CLAMD_ADDRESS = ""

    with pytest.raises(ValidationFailed) as caught:
        upload_inspect(name=bad.name, data=bad.data, allowed_types=ALL_TYPES)

    reasons = {(p.path, p.message) for p in caught.value.problems}
    assert any(path == bad.path and bad.reason in message for path, message in reasons), reasons


@pytest.mark.parametrize("good", CONTROL, ids=[good.id for good in CONTROL])
def test_real_pdfs_jpegs_and_docx_files_are_accepted(good: Good, settings: Settings) -> None:
    settings.MOTCUA_CLAMD_ADDRESS = ""

    inspected = upload_inspect(name=good.name, data=good.data, allowed_types=ALL_TYPES)

    assert inspected.kind == good.kind
    assert inspected.size == len(good.data)
    assert len(inspected.sha256) == 64
    assert inspected.scanned_by == ()


def test_the_samples_other_tests_use_pass_the_gate() -> None:
    for name, data in [("a.pdf", sample_pdf()), ("a.jpg", sample_jpeg()), ("a.png", sample_png())]:
        assert upload_inspect(name=name, data=data, allowed_types=("pdf", "jpeg", "png"))


def test_a_type_not_allowed_here_is_refused_by_name() -> None:
    docx = next(good for good in CONTROL if good.kind == "docx")

    with pytest.raises(ValidationFailed) as caught:
        upload_inspect(name=docx.name, data=docx.data, allowed_types=("pdf", "jpeg", "png"))

    [problem] = caught.value.problems
    assert problem.path == "name"
    assert "chỉ nhận tệp PDF, JPEG hoặc PNG (.pdf, .jpg, .jpeg, .png)" in problem.message


def test_every_problem_of_a_file_is_named_at_once() -> None:
    with pytest.raises(ValidationFailed) as caught:
        upload_inspect(name="a/b.exe", data=b"", allowed_types=("pdf",))

    paths = [p.path for p in caught.value.problems]
    assert paths.count("name") == 2
    assert "content" in paths


def _gps(data: bytes) -> object:
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif().get_ifd(0x8825)


def test_a_photo_loses_gps_exif_xmp_and_comment_and_keeps_the_hash_of_what_was_sent() -> None:
    sent = photo_jpeg_with_metadata()
    assert _gps(sent)

    inspected = upload_inspect(name="anh.jpg", data=sent, allowed_types=("jpeg",))

    with Image.open(io.BytesIO(inspected.data)) as stored, Image.open(io.BytesIO(sent)) as before:
        assert not stored.getexif()
        assert {"exif", "xmp", "comment"}.isdisjoint(stored.info)
        assert stored.tobytes() == before.tobytes()  # the pixels are not encoded again
    assert b"21,1.7N" not in inspected.data
    assert inspected.original_sha256 == hashlib.sha256(sent).hexdigest()
    assert inspected.sha256 == hashlib.sha256(inspected.data).hexdigest()
    assert inspected.sha256 != inspected.original_sha256
    assert inspected.size == len(inspected.data) < len(sent)


def test_a_photo_taken_sideways_is_stored_upright_without_its_exif() -> None:
    sent = photo_jpeg_with_metadata(orientation=6, width=320, height=240)  # rotate 90° to view

    inspected = upload_inspect(name="anh.jpg", data=sent, allowed_types=("jpeg",))

    with Image.open(io.BytesIO(inspected.data)) as stored:
        assert stored.size == (240, 320)
        assert not stored.getexif()


def test_a_png_loses_its_text_and_exif_chunks() -> None:
    sent = png_with_metadata()
    assert _gps(sent)

    inspected = upload_inspect(name="quet.png", data=sent, allowed_types=("png",))

    with Image.open(io.BytesIO(inspected.data)) as stored, Image.open(io.BytesIO(sent)) as before:
        assert not stored.getexif()
        assert not {"Author", "XML:com.adobe.xmp", "exif"} & set(stored.info)
        assert stored.tobytes() == before.tobytes()
    assert inspected.original_sha256 == hashlib.sha256(sent).hexdigest()


def test_a_pdf_is_stored_as_sent() -> None:
    sent = sample_pdf()

    inspected = upload_inspect(name="a.pdf", data=sent, allowed_types=("pdf",))

    assert inspected.data == sent
    assert inspected.sha256 == inspected.original_sha256 == hashlib.sha256(sent).hexdigest()


def test_the_pixel_and_page_limits_are_settings(settings: Settings) -> None:
    settings.MOTCUA_MAX_IMAGE_PIXELS = 300 * 200
    settings.MOTCUA_MAX_PAGE_AREA_CM2 = 500  # an A4 page is 624 cm²

    with pytest.raises(ValidationFailed) as photo:
        upload_inspect(name="a.jpg", data=photo_jpeg_with_metadata(), allowed_types=("jpeg",))
    with pytest.raises(ValidationFailed) as page:
        upload_inspect(name="a.pdf", data=sample_pdf(), allowed_types=("pdf",))

    assert "76800 điểm ảnh, vượt quá giới hạn 60000" in photo.value.problems[0].message
    assert "vượt quá diện tích cho phép 500 cm²" in page.value.problems[0].message
