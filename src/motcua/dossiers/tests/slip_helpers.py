"""Dossiers walked through the real services into the states each form needs, and PDF readers."""

import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, World, build_world, submit


@dataclass
class Walked:
    world: World
    returned: Dossier  # received, supplement round, processed, returned: forms 01, 02, 06
    refused: Dossier  # refused at reception: form 03
    stopped: Dossier  # stopped by the leader in processing: form 05
    apologised: Dossier  # the leader approved an apology with a new due date: form 04


def walk() -> Walked:
    world = build_world()
    hour = timedelta(hours=1)

    returned = submit(world).dossier
    returned = dossier_transition(
        dossier=returned, action="complete_step", actor=world.receiver, at=AT + hour
    )
    returned = dossier_transition(
        dossier=returned,
        action="request_supplement",
        actor=world.specialist,
        at=AT + 2 * hour,
        note="Giấy giới thiệu bị mờ.",
        reasons=["Bổ sung bản chụp rõ nét giấy giới thiệu của Ủy ban nhân dân xã"],
    )
    returned = dossier_transition(
        dossier=returned, action="supplement", actor=world.receiver, at=AT + 24 * hour
    )
    returned = dossier_transition(
        dossier=returned, action="complete_step", actor=world.specialist, at=AT + 25 * hour
    )
    returned = dossier_transition(
        dossier=returned, action="complete_step", actor=world.leader, at=AT + 26 * hour
    )
    returned = dossier_transition(
        dossier=returned, action="complete_step", actor=world.receiver, at=AT + 27 * hour
    )

    refused = submit(world, at=AT + 3 * hour).dossier
    refused = dossier_transition(
        dossier=refused,
        action="refuse",
        actor=world.receiver,
        at=AT + 4 * hour,
        reasons=["Thủ tục không thuộc thẩm quyền giải quyết của cơ quan"],
    )

    stopped = submit(world, at=AT + 5 * hour).dossier
    stopped = dossier_transition(
        dossier=stopped, action="complete_step", actor=world.receiver, at=AT + 6 * hour
    )
    stopped = dossier_transition(
        dossier=stopped,
        action="stop",
        actor=world.leader,
        at=AT + 7 * hour,
        reasons=["Cơ quan có thẩm quyền đình chỉ việc đăng ký"],
    )

    apologised = submit(world, at=AT + 8 * hour).dossier
    apologised = dossier_transition(
        dossier=apologised,
        action="apology_approve",
        actor=world.leader,
        at=AT + 9 * hour,
        reasons=["Phải xác minh thêm tại địa phương nơi cư trú"],
        new_due_on=date(2026, 3, 10),
    )
    return Walked(
        world=world, returned=returned, refused=refused, stopped=stopped, apologised=apologised
    )


def pdf_text(pdf: bytes) -> str:
    """The text of every page, white space (line breaks of wrapped lines) collapsed to one space."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)
    return " ".join(text.split())


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)


def qr_texts(pdf: bytes, tmp_path: Path, *, page: int = 1) -> list[str]:
    """Render ``page`` (the first by default) to PNG with pdftoppm and decode every QR code on
    it."""
    source = tmp_path / "slip.pdf"
    source.write_bytes(pdf)
    target = tmp_path / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "200",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            source,
            target,
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    with Image.open(target.with_suffix(".png")) as image:
        return [result.text for result in zxingcpp.read_barcodes(image)]
