"""A catalogue file of any size built from the real published set, each procedure with its own
code (the bench's import, and the import tests that need more than one batch)."""

import copy
import json
from pathlib import Path
from typing import Any

from motcua import catalog as catalog_app

PUBLISHED = Path(catalog_app.__file__).resolve().parent / "data/published/procedures.json"
#: A family of procedures the search must rank: the query names none of the variants.
MILITARY = (
    "Đăng ký nghĩa vụ quân sự chuyển đến",
    "Đăng ký nghĩa vụ quân sự tạm vắng",
    "Đăng ký nghĩa vụ quân sự bổ sung",
    "Đăng ký nghĩa vụ quân sự lần đầu",
    "Đăng ký nghĩa vụ quân sự chuyển đi",
)


def catalog_file(procedures: int) -> dict[str, Any]:
    """``procedures`` procedures built from the published set, each with its own code."""
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    base = published["procedures"]
    items: list[dict[str, Any]] = []
    for index, name in enumerate(MILITARY):
        item = copy.deepcopy(base[13])
        item.pop("aliases", None)
        item["national_code"], item["local_suffix"] = f"8.{index:06d}", ""
        item["versions"][0]["name"] = name
        item["versions"][0]["name_en"] = f"Military service registration ({index})"
        items.append(item)
    for index in range(procedures - len(items)):
        item = copy.deepcopy(base[index % len(base)])
        if index < len(base):
            items.append(item)
            continue
        item.pop("aliases", None)
        item["national_code"], item["local_suffix"] = f"9.{index:06d}", ""
        items.append(item)
    return {**published, "procedures": items}
