"""Build the published-procedures fixture (catalog import format) from the collected records.

    PYTHONPATH=src python scripts/catalog_published.py

Reads the real procedures collected with their source pages for the overlap evaluation and writes
``src/motcua/catalog/data/published/procedures.json``. Every text is copied as the record holds
it: the time's wording is kept whole and read into terms only where it reads exactly (never
guessed); codes go where they belong (national code, full ký hiệu, old number as an alias); a
record whose source shows no code is known by its collection key as an alias. The field (lĩnh
vực) is assigned from the name, since most sources show it only in their page's heading.
"""

import json
import re
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src/motcua/reform/data/overlap_eval/procedures.json"
TARGET = ROOT / "src/motcua/catalog/data/published/procedures.json"

FIELDS = (
    (r"mai táng|trợ giúp xã hội|bảo trợ xã hội", "bao-tro-xa-hoi", "Bảo trợ xã hội"),
    (
        r"khai sinh|khai tử|kết hôn|nhận cha|hộ tịch|hôn nhân|giám hộ|ly hôn|việc sinh",
        "ho-tich",
        "Hộ tịch",
    ),
    (r"chứng thực|bản sao từ sổ gốc", "chung-thuc", "Chứng thực"),
    (r"nghĩa vụ quân sự|nhập ngũ", "nghia-vu-quan-su", "Nghĩa vụ quân sự"),
    (r"thường trú|tạm trú", "cu-tru", "Đăng ký, quản lý cư trú"),
    (r"mầm non|mẫu giáo|nhà trẻ|nhóm trẻ|cao đẳng", "giao-duc", "Giáo dục và Đào tạo"),
    (r"thi đua|giấy khen|lao động tiên tiến", "thi-dua-khen-thuong", "Thi đua, khen thưởng"),
    (r"đơn vị sự nghiệp", "to-chuc-bo-may", "Tổ chức bộ máy"),
    (r"hòa giải|tuyên truyền viên", "pho-bien-phap-luat", "Phổ biến, giáo dục pháp luật"),
    (r"bồi thường|phục hồi danh dự", "boi-thuong-nha-nuoc", "Bồi thường nhà nước"),
    (r"khiếu nại", "giai-quyet-khieu-nai", "Giải quyết khiếu nại"),
    (r"an toàn thực phẩm", "an-toan-thuc-pham", "An toàn thực phẩm"),
    (r"thuốc lá", "cong-nghiep-tieu-dung", "Công nghiệp tiêu dùng"),
    (r"thiên tai|thủy điện|hồ chứa", "phong-chong-thien-tai", "Phòng, chống thiên tai"),
    (r"giấy phép xây dựng", "hoat-dong-xay-dung", "Hoạt động xây dựng"),
    (r"giấy phép lái xe", "duong-bo", "Đường bộ"),
    (r"\bhội\b", "to-chuc-phi-chinh-phu", "Tổ chức phi chính phủ"),
)
LEVELS = {
    "Cấp xã": ["commune"],
    "Cấp huyện": ["district"],
    "Cấp tỉnh": ["province"],
    "Cấp bộ": ["ministry"],
    "Cơ quan đại diện": ["abroad"],
}
LEGAL_NUMBER = re.compile(r"(\d+(?:\.\d+)?/\d{4}/[\w\-]+|\d+/[\w\-]+)")
ARTICLE = re.compile(r"^(Điều \d+[a-z]?)\s+(.*)$")
#: The day the set enters the catalogue; the sources give no effective date for most records.
VALID_FROM = "2026-01-01"


def field_for(name: str) -> tuple[str, str]:
    lowered = name.lower()
    for pattern, code, title in FIELDS:
        if re.search(pattern, lowered):
            return code, title
    return "chua-ghi-linh-vuc", "Nguồn không ghi lĩnh vực"


def legal(text: str) -> dict[str, str]:
    article = ""
    rest = text
    match = ARTICLE.match(text)
    if match:
        article, rest = match.group(1), match.group(2)
    number = LEGAL_NUMBER.search(rest)
    return {
        "number": number.group(1) if number else rest[:100],
        "title": text,
        "article": article,
    }


def main() -> None:
    django.setup()
    from motcua.catalog.terms import parse_time_text

    records = json.loads(SOURCE.read_text(encoding="utf-8"))
    fields: dict[str, str] = {}
    procedures = []
    readable = 0
    for record in records:
        code = record["code"]
        identity: dict[str, object] = {}
        if re.match(r"^\d\.\d{6}", code):
            parts = code.split(".")
            if len(parts) == 3:
                identity = {"national_code": ".".join(parts[:2]), "local_suffix": parts[2]}
            else:
                identity = {"national_code": code}
        elif code:
            identity = {"aliases": [code]}
        else:
            identity = {"aliases": [record["ref"]]}
        field_code, field_name = field_for(record["name"])
        fields[field_code] = field_name
        version: dict[str, object] = {
            "number": 1,
            "status": "published",
            "valid_from": VALID_FROM,
            "name": record["name"],
            "field": field_code,
            "levels": LEVELS.get(record["level"], []),
            "procedure_type": "not_delegated",
            "implementing_agency": record["agency"],
            "decision_number": record["decision"],
            "source_url": record["source"],
            "legal_basis": [legal(text) for text in record["legal_basis"]],
            "components": [
                {"code": f"tp{index}", "name": name, "kind": "document"}
                for index, name in enumerate(record["documents"], start=1)
            ],
        }
        if record["time"]:
            parsed = parse_time_text(record["time"])
            if parsed is None:
                version["processing_time"] = {"text": record["time"]}
            else:
                readable += 1
                version["processing_time"] = parsed.payload()
        procedures.append({**identity, "versions": [version]})
    data = {
        "format": "motcua.catalog",
        "format_version": 1,
        "fields": [{"code": code, "name": name} for code, name in sorted(fields.items())],
        "procedures": procedures,
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(procedures)} procedures, {readable} times read into terms")  # noqa: T201


if __name__ == "__main__":
    main()
