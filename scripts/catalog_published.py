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
#: What each record's own source page adds (fee wording and rules, channels, agencies with their
#: roles, dossier sets, results), with the page's text quoted so that a test reads it back.
ENRICHMENT = ROOT / "src/motcua/catalog/data/published/enrichment.json"
ENRICHED_KEYS = ("fee_text", "fees", "channels", "dossier_sets", "agency_roles", "results")

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
#: Records read from stored public pages beyond the collected set, with what those pages add:
#: the fee's wording (kept for the fee rules to be written from), dossier sets, agencies' roles.
EXTRA = (
    {
        "ref": "agg-chauphu:khai-sinh",
        "name": "Đăng ký khai sinh",
        "code": "",
        "agency": "UBND cấp xã",
        "level": "Cấp xã",
        "decision": "",
        "field": ("ho-tich", "Hộ tịch"),
        "time": "Ngay trong ngày tiếp nhận yêu cầu, trường hợp nhận hồ sơ sau 15 giờ mà không "
        "giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo",
        "fee_text": "8.000 đồng/lần đăng ký. (Đối với đăng ký khai sinh không đúng hạn, đăng ký "
        "lại khai sinh, đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân)",
        "legal_basis": [
            "Luật Hộ tịch năm 2014",
            "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết một số "
            "điều và biện pháp thi hành Luật hộ tịch",
            "Thông tư số 15/2015/TT-BTP ngày 16/11/2015 của Bộ Tư pháp",
            "Quyết định số 43/2017/QĐ-UBND ngày 01/8/2017 của Ủy ban nhân dân tỉnh An Giang quy "
            "định mức thu, chế độ thu, nộp và quản lý lệ phí hộ tịch trên địa bàn tỉnh An Giang",
        ],
        "documents": [],
        "source": "http://chauphu.angiang.gov.vn/wps/portal/Home/Xem%20th%E1%BB%A7%20t%E1%BB%A5c"
        "%20h%C3%A0nh%20ch%C3%ADnh/!ut/p/z0/hc5PS8QwEAXwz-KhxyGTNE2TY1lZsQpdFZY1F5lNS1MtSZdNpR_f9Q-"
        "L6GFv84bH48cs2zEb6H3oKQ0x0HjKz1a9GHN9i3eS3-vNdo0Pq6d682gavqo5q5n9XWgUR6zWVXNTbxvUQnwuDK-"
        "Hg62YdTGkbkls5zzNk59hHPYZHgnSEHya3dftI6U2ht7FY8ywK0qTa-pASOdAkkPQhBoKbJ0qdNl2nfpr-I-8aPgJ"
        "Z0_y3xhH00LnFywEIs8w51LqUpVgsEWQTuRAghcnoxSCtDKCWja92X0x9lcfy1Ajdg!!/",
    },
    {
        "ref": "lsn:1.000593",
        "name": "Đăng ký kết hôn lưu động",
        "code": "1.000593.000.00.00.H37",
        "agency": "Văn phòng UBND cấp xã",
        "level": "Cấp xã",
        "decision": "2661/QĐ-UBND",
        "field": ("ho-tich", "Hộ tịch"),
        "time": "03 ngày làm việc (theo Quyết định số 2661/QĐ-UBND ngày 20/12/2020)",
        "fee_text": "Miễn lệ phí",
        "dossier_sets": 1,
        "online_level": "partial",
        "agency_roles": [
            {
                "name": "Công chức Văn phòng UBND cấp xã trực tiếp đến địa điểm đăng ký lưu động",
                "role": "receives",
            },
            {"name": "Văn phòng UBND cấp xã", "role": "decides"},
        ],
        "legal_basis": [
            "Luật Hôn nhân và gia đình năm 2014",
            "Luật Hộ tịch năm 2014",
            "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ",
            "Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ",
            "Nghị định số 07/2025/NĐ-CP ngày 09/01/2025 của Chính phủ",
            "Nghị định số 120/2025/NĐ-CP ngày 11/6/2025 của Chính phủ",
            "Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ Tư pháp",
            "Thông tư số 85/2019/TT-BTC ngày 29/11/2019 của Bộ Tài chính",
            "Thông tư số 106/2021/TT-BTC ngày 26/11/2021 của Bộ Tài chính",
            "Thông tư số 04/2024/TT-BTP ngày 06/6/2024 của Bộ Tư pháp",
            "Thông tư số 08/2025/TT-BTP ngày 12/6/2025 của Bộ trưởng Bộ Tư pháp",
            "Nghị quyết số 11/2025/NQ-HĐND ngày 25/6/2025 của Hội đồng nhân tỉnh Lạng Sơn",
        ],
        "documents": [],
        "source": "https://dichvucong.langson.gov.vn/trang-chu/tra-cuu/chi-tiet-thu-tuc"
        "?ma-thu-tuc=22584&represent=1",
    },
    {
        "ref": "tvpl:B-BTP-BS43",
        "name": "Đăng ký kết hôn trường hợp quan hệ vợ chồng được xác lập trước 03/01/1987",
        "code": "B-BTP-BS43",
        "agency": "Ủy ban nhân dân cấp xã",
        "level": "Cấp xã",
        "decision": "",
        "field": ("ho-tich", "Hộ tịch"),
        "time": "Giải quyết ngay trong ngày làm việc, nếu nhận hồ sơ sau 15 giờ thì việc đăng ký "
        "thực hiện trong ngày làm việc tiếp theo",
        "agency_roles": [
            {"name": "Ủy ban nhân dân cấp xã", "role": "decides"},
            {"name": "Ủy ban nhân dân cấp xã", "role": "receives"},
        ],
        "results": [{"kind": "certificate", "name": "Giấy chứng nhận kết hôn"}],
        "legal_basis": [],
        "documents": [],
        "source": "https://tthc.thuvienphapluat.vn/ho-so-tthc/B-BTP-BS43/Dang-ky-ket-hon-truong-"
        "hop-quan-he-vo-chong-duoc-xac-lap-truoc-03-01-1987/125040",
    },
)
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

    records = [*json.loads(SOURCE.read_text(encoding="utf-8")), *EXTRA]
    enrichment = {e["ref"]: e for e in json.loads(ENRICHMENT.read_text(encoding="utf-8"))}
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
        field_code, field_name = record.get("field") or field_for(record["name"])
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
        for key in ("fee_text", "dossier_sets", "online_level", "agency_roles", "results"):
            if key in record:
                version[key] = record[key]
        added = enrichment.pop(record["ref"], None)
        if added is not None:
            # Only the record's own page enriches it: another page may describe another version.
            if added["source_url"] != record["source"]:
                raise SystemExit(f"{record['ref']}: enrichment from another page")
            version.update({key: added[key] for key in ENRICHED_KEYS if key in added})
        if record["time"]:
            parsed = parse_time_text(record["time"])
            if parsed is None:
                version["processing_time"] = {"text": record["time"]}
            else:
                readable += 1
                version["processing_time"] = parsed.payload()
        procedures.append({**identity, "versions": [version]})
    if enrichment:
        raise SystemExit(f"enrichment for unknown records: {sorted(enrichment)}")
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
