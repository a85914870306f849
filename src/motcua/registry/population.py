"""A deterministic synthetic population for ``motcua registry-sim``.

People live in households at addresses in today's 34 provinces and their communes (Decision
19/2025/QĐ-TTg, from the ``vietnam-provinces`` package). Each personal ID agrees with its holder:
digits 1–3 the province where the birth was registered (the 63 pre-merger codes), digit 4 century
and sex, digits 5–6 the birth year. Men aged 17–27 carry a military-service status. The demo
citizens of the VNeID simulator are in it, with the same name, ID, birth date and address.
Businesses (enterprises and household businesses) have valid 10-digit tax codes and an owner who
is one of the people.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vietnam_provinces import Province, Ward

from motcua.accounts.identifiers import tax_code_check_digit
from motcua.accounts.legacy_province_codes import LEGACY_PROVINCE_CODES

#: Ages are counted at this date, so the same seed gives the same people in every year.
REFERENCE_DATE = date(2026, 1, 1)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý")  # fmt: skip
MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Hoàng", "Công")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Mai", "Kim", "Hồng", "Phương")
GIVEN_MALE = ("An", "Bảo", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khoa", "Long", "Nam",
              "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Vinh")  # fmt: skip
GIVEN_FEMALE = ("Anh", "Bình", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan",
                "Linh", "Mai", "Ngân", "Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Yến")  # fmt: skip
STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt",
           "Quang Trung", "Hùng Vương", "Điện Biên Phủ", "Phan Chu Trinh", "Bạch Đằng")  # fmt: skip
MILITARY_STATUSES = ("chua_dang_ky", "da_dang_ky", "tam_hoan", "mien", "da_phuc_vu")
MILITARY_LABELS = {
    "chua_dang_ky": "Chưa đăng ký nghĩa vụ quân sự",
    "da_dang_ky": "Đã đăng ký nghĩa vụ quân sự",
    "tam_hoan": "Tạm hoãn gọi nhập ngũ",
    "mien": "Miễn gọi nhập ngũ",
    "da_phuc_vu": "Đã hoàn thành nghĩa vụ quân sự",
}


@dataclass
class Population:
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    businesses: dict[str, dict[str, Any]] = field(default_factory=dict)


def _units() -> tuple[dict[int, str], list[tuple[str, str, str]]]:
    provinces = {int(p.code): p.name for p in Province.iter_all()}
    wards = [(f"{int(w.code):05d}", w.name, f"{int(w.province_code):02d}") for w in Ward.iter_all()]
    return provinces, wards


def _address(
    number: int, street: str, ward: tuple[str, str, str], provinces: dict[int, str]
) -> dict[str, str]:
    code, name, province = ward
    province_name = provinces[int(province)]
    return {
        "address": f"Số {number} đường {street}, {name}, {province_name}",
        "commune_code": code,
        "commune": name,
        "province_code": province,
        "province": province_name,
    }


def _military(sex: str, birth: date, rng: random.Random) -> dict[str, str] | None:
    age = REFERENCE_DATE.year - birth.year
    if sex != "male" or not 17 <= age <= 27:
        return None
    status = rng.choices(MILITARY_STATUSES, weights=(3, 5, 2, 1, 2))[0]
    return {"status": status, "label": MILITARY_LABELS[status]}


DEMO_PEOPLE: tuple[dict[str, Any], ...] = (
    {
        "personal_id": "001090012345",
        "full_name": "Nguyễn Văn An",
        "birth_date": "1990-05-01",
        "sex": "male",
        "number": 1, "street": "Tràng Tiền", "ward": "00070",
        "temporary": None,
        "marital_status": "married",
    },
    {
        "personal_id": "079195001234",
        "full_name": "Trần Thị Bình",
        "birth_date": "1995-08-12",
        "sex": "female",
        "number": 12, "street": "Lê Lợi", "ward": "26740",
        "temporary": None,
        "marital_status": "single",
    },
    {
        # The military-service demo: registered in Hải Phòng, living now in Hà Nội.
        "personal_id": "031203004567",
        "full_name": "Lê Hoàng Cường",
        "birth_date": "2003-01-20",
        "sex": "male",
        "number": 5, "street": "Lạch Tray", "ward": "11359",
        "temporary": (18, "Hai Bà Trưng", "00070"),
        "marital_status": "single",
        "military": "chua_dang_ky",
    },
)  # fmt: skip


def generate(*, seed: int = 2026, people: int = 30000, businesses: int = 5000) -> Population:
    """The same seed and sizes give the same population, byte for byte."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    provinces, wards = _units()
    ward_by_code = {w[0]: w for w in wards}
    legacy = sorted(LEGACY_PROVINCE_CODES)
    population = Population()
    used: set[str] = set()

    def person_id(sex: str, birth: date) -> str:
        while True:
            century = (birth.year - 1900) // 100 * 2 + (0 if sex == "male" else 1)
            value = f"{rng.choice(legacy)}{century}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
            if value not in used:
                used.add(value)
                return value

    for demo in DEMO_PEOPLE:
        used.add(demo["personal_id"])
    household_no = 0
    for demo in DEMO_PEOPLE:
        household_no += 1
        birth = date.fromisoformat(demo["birth_date"])
        temporary = demo["temporary"]
        record = {
            "personal_id": demo["personal_id"],
            "full_name": demo["full_name"],
            "birth_date": demo["birth_date"],
            "sex": demo["sex"],
            "place_of_birth": LEGACY_PROVINCE_CODES[demo["personal_id"][:3]],
            "nationality": "Việt Nam",
            "ethnicity": "Kinh",
            "permanent_residence": {
                **_address(demo["number"], demo["street"], ward_by_code[demo["ward"]], provinces)
            },
            "temporary_residence": _address(
                temporary[0], temporary[1], ward_by_code[temporary[2]], provinces
            )
            if temporary
            else None,
            "household": {
                "id": f"HK{household_no:08d}",
                "head_personal_id": demo["personal_id"],
                "relation_to_head": "Chủ hộ",
                "members": [demo["personal_id"]],
            },
            "marital_status": demo["marital_status"],
            "military_service": {
                "status": demo["military"],
                "label": MILITARY_LABELS[demo["military"]],
            }
            if demo.get("military")
            else _military(demo["sex"], birth, random.Random(demo["personal_id"])),  # noqa: S311
        }
        if demo["personal_id"] == "001090012345":
            record["military_service"] = None
        population.people[demo["personal_id"]] = record

    while len(population.people) < people:
        household_no += 1
        ward = rng.choice(wards)
        home = _address(rng.randint(1, 300), rng.choice(STREETS), ward, provinces)
        family = rng.choice(FAMILY)
        head_sex = rng.choice(("male", "female"))
        head_birth = date(
            REFERENCE_DATE.year - rng.randint(25, 75), rng.randint(1, 12), rng.randint(1, 28)
        )
        members: list[tuple[str, date, str]] = [(head_sex, head_birth, "Chủ hộ")]
        if rng.random() < 0.7:
            spouse_birth = date(
                head_birth.year + rng.randint(-4, 4), rng.randint(1, 12), rng.randint(1, 28)
            )
            members.append(
                (
                    "female" if head_sex == "male" else "male",
                    spouse_birth,
                    "Vợ" if head_sex == "male" else "Chồng",
                )
            )
        for _child in range(rng.randint(0, 3)):
            year = min(head_birth.year + rng.randint(20, 40), REFERENCE_DATE.year - 1)
            members.append(
                (
                    rng.choice(("male", "female")),
                    date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    "Con",
                )
            )
        ids = [person_id(sex, birth) for sex, birth, _rel in members]
        household = f"HK{household_no:08d}"
        married = len(members) > 1 and members[1][2] != "Con"
        for (sex, birth, relation), pid in zip(members, ids, strict=True):
            if len(population.people) >= people:
                break
            middle = rng.choice(MIDDLE_MALE if sex == "male" else MIDDLE_FEMALE)
            given = rng.choice(GIVEN_MALE if sex == "male" else GIVEN_FEMALE)
            own_family = rng.choice(FAMILY) if relation in ("Vợ", "Chồng") else family
            adult = REFERENCE_DATE.year - birth.year >= 18
            population.people[pid] = {
                "personal_id": pid,
                "full_name": f"{own_family} {middle} {given}",
                "birth_date": birth.isoformat(),
                "sex": sex,
                "place_of_birth": LEGACY_PROVINCE_CODES[pid[:3]],
                "nationality": "Việt Nam",
                "ethnicity": "Kinh",
                "permanent_residence": home,
                "temporary_residence": None,
                "household": {
                    "id": household,
                    "head_personal_id": ids[0],
                    "relation_to_head": relation,
                    "members": ids,
                },
                "marital_status": ("married" if married and relation != "Con" else "single") if adult else "single",
                "military_service": _military(sex, birth, rng),
            }  # fmt: skip

    owners = [p for p in population.people.values() if p["birth_date"] < "2006"]
    while len(population.businesses) < businesses:
        first_nine = f"{rng.choice((1, 2, 3, 4, 5, 7, 8)):01d}{rng.randrange(10**8):08d}"
        check = tax_code_check_digit(first_nine)
        if check is None or first_nine + str(check) in population.businesses:
            continue
        tax_code = first_nine + str(check)
        owner = rng.choice(owners)
        household_business = rng.random() < 0.6
        given = owner["full_name"].split()[-1]
        name = (
            f"Hộ kinh doanh {owner['full_name']}"
            if household_business
            else f"Công ty TNHH {rng.choice(('Thương mại', 'Dịch vụ', 'Xây dựng', 'Sản xuất'))} {given} {tax_code[-3:]}"
        )
        address = _address(rng.randint(1, 300), rng.choice(STREETS), rng.choice(wards), provinces)
        population.businesses[tax_code] = {
            "tax_code": tax_code,
            "name": name,
            "kind": "household_business" if household_business else "enterprise",
            "owner_personal_id": owner["personal_id"],
            "owner_name": owner["full_name"],
            "head_office": address,
            "registered_on": date(rng.randint(2005, 2025), rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
            "status": rng.choices(("active", "suspended", "dissolved"), weights=(90, 6, 4))[0],
        }  # fmt: skip
    return population
