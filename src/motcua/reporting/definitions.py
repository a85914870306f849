"""The Decision 766/QĐ-TTg index (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người
dân, doanh nghiệp): five groups, 100 points, each indicator a ratio of measures.

Confirmed by the sources: the group maxima (18, 20, 22, 22, 18), "TTHC published on time" worth 4
points of group 1, the on-time rate worth the whole of group 2, satisfaction worth 6 points of
group 5. Every other sub-indicator, its points and its formula are this project's reading of the
public one-stop dashboards (marked ``confirmed=False``); a JSON file named by
``MOTCUA_REPORTING_DEFINITIONS`` may change any indicator's points, numerator or denominator::

    {"indicators": {"3.3": {"points": 4, "numerator": ["reused"], "denominator": ["received"]}}}

Scoring: an indicator earns ``points x numerator / denominator``; with an empty denominator it earns
nothing and shows "no data". A group earns the sum of its indicators; the index, the sum of groups.
"""

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    points: float
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    definition: str | Promise
    confirmed: bool = False


@dataclass(frozen=True)
class Group:
    code: str
    name: str | Promise
    points: float
    indicators: tuple[Indicator, ...]


#: Measures a dossier or feedback item counts for (see :mod:`motcua.reporting.facts`).
MEASURES: dict[str, str | Promise] = {
    "received": _("Hồ sơ tiếp nhận (tháng tiếp nhận)."),
    "channel_online": _("Hồ sơ nộp trực tuyến."),
    "channel_counter": _("Hồ sơ nộp trực tiếp tại Bộ phận Một cửa."),
    "channel_post": _("Hồ sơ nộp qua dịch vụ bưu chính."),
    "online": _("Hồ sơ nộp trực tuyến."),
    "full_process": _(
        "Hồ sơ nộp trực tuyến của thủ tục cung cấp dịch vụ công trực tuyến toàn trình."
    ),
    "with_fee": _("Hồ sơ phải nộp phí, lệ phí."),
    "paid_online": _("Hồ sơ nộp trực tuyến đã thanh toán phí, lệ phí (có thời điểm nộp phí)."),
    "digitized": _("Hồ sơ có thành phần được số hóa (có tệp điện tử lưu trong hồ sơ)."),
    "reused": _(
        "Hồ sơ có ít nhất một thông tin lấy lại từ cơ sở dữ liệu hoặc kho dữ liệu (không do "
        "người nộp hay cán bộ nhập)."
    ),
    "resolved": _("Hồ sơ đã giải quyết xong: trả kết quả hoặc từ chối (tháng kết thúc)."),
    "resolved_on_time": _(
        "Hồ sơ giải quyết xong không muộn hơn hạn trả và chưa từng bị đánh dấu quá hạn."
    ),
    "resolved_late": _("Hồ sơ giải quyết xong sau hạn trả, hoặc đã bị đánh dấu quá hạn."),
    "result_digitized": _("Hồ sơ giải quyết xong có kết quả điện tử."),
    "overdue_open": _("Hồ sơ đang giải quyết đã quá hạn trả kết quả (tháng đến hạn)."),
    "rated": _("Hồ sơ được người nộp đánh giá (tháng đánh giá)."),
    "satisfied": _("Đánh giá “Hài lòng” hoặc “Rất hài lòng”."),
    "fb_received": _("Phản ánh, kiến nghị tiếp nhận."),
    "fb_answered": _("Phản ánh, kiến nghị đã trả lời (tháng trả lời)."),
    "fb_answered_on_time": _("Phản ánh, kiến nghị trả lời trong hạn."),
    "fb_answered_late": _("Phản ánh, kiến nghị trả lời quá hạn."),
    "fb_overdue_open": _("Phản ánh, kiến nghị quá hạn mà chưa trả lời (tháng đến hạn)."),
    "fb_published": _("Phản ánh, kiến nghị đã trả lời và công khai."),
    "fb_forwarded_on_time": _("Phản ánh, kiến nghị chuyển cơ quan có thẩm quyền trong hạn."),
    "fb_forwarded_late": _("Phản ánh, kiến nghị chuyển cơ quan có thẩm quyền quá hạn."),
    "fb_rated": _("Trả lời phản ánh, kiến nghị được người gửi đánh giá."),
    "fb_rated_satisfied": _("Trả lời được đánh giá từ 4/5 trở lên."),
    "catalog_in_force": _("Thủ tục của cơ quan đang có hiệu lực (kể cả bản chưa công bố)."),
    "catalog_published": _("Thủ tục đang có hiệu lực đã được công bố đúng hạn trên Cổng."),
    "catalog_full_online": _("Thủ tục đang có hiệu lực cung cấp trực tuyến toàn trình."),
}

#: Measures read from the catalogue as it stands, not from the period's history.
CATALOG_MEASURES = ("catalog_in_force", "catalog_published", "catalog_full_online")


def _i(
    code: str,
    name: str | Promise,
    points: float,
    numerator: tuple[str, ...],
    denominator: tuple[str, ...],
    definition: str | Promise,
    *,
    confirmed: bool = False,
) -> Indicator:
    return Indicator(code, name, points, numerator, denominator, definition, confirmed)


DEFAULT_GROUPS: tuple[Group, ...] = (
    Group(
        "1",
        _("Công khai, minh bạch"),
        18,
        (
            _i(
                "1.1",
                _("Thủ tục được cập nhật, công khai đúng hạn"),
                4,
                ("catalog_published",),
                ("catalog_in_force",),
                _("Thủ tục đang có hiệu lực đã công bố ÷ thủ tục đang có hiệu lực của cơ quan."),
                confirmed=True,
            ),
            _i(
                "1.2",
                _("Hồ sơ đồng bộ, công khai tiến độ"),
                6,
                ("received",),
                ("received",),
                _(
                    "Hồ sơ có tiến độ tra cứu công khai bằng mã ÷ hồ sơ tiếp nhận (mọi hồ sơ trong "
                    "hệ thống đều tra cứu được)."
                ),
            ),
            _i(
                "1.3",
                _("Kết quả xử lý phản ánh, kiến nghị được công khai"),
                8,
                ("fb_published",),
                ("fb_answered",),
                _("Phản ánh, kiến nghị đã trả lời và công khai ÷ đã trả lời."),
            ),
        ),
    ),
    Group(
        "2",
        _("Tiến độ, kết quả giải quyết"),
        20,
        (
            _i(
                "2.1",
                _("Hồ sơ giải quyết đúng hạn"),
                20,
                ("resolved_on_time",),
                ("resolved",),
                _("Hồ sơ giải quyết xong đúng hạn ÷ hồ sơ giải quyết xong trong kỳ."),
                confirmed=True,
            ),
        ),
    ),
    Group(
        "3",
        _("Số hóa hồ sơ"),
        22,
        (
            _i(
                "3.1",
                _("Hồ sơ được số hóa thành phần"),
                8,
                ("digitized",),
                ("received",),
                _("Hồ sơ có thành phần số hóa ÷ hồ sơ tiếp nhận."),
            ),
            _i(
                "3.2",
                _("Kết quả giải quyết được số hóa"),
                8,
                ("result_digitized",),
                ("resolved",),
                _("Hồ sơ có kết quả điện tử ÷ hồ sơ giải quyết xong."),
            ),
            _i(
                "3.3",
                _("Khai thác, sử dụng lại dữ liệu"),
                6,
                ("reused",),
                ("received",),
                _("Hồ sơ có thông tin lấy lại từ dữ liệu đã có ÷ hồ sơ tiếp nhận."),
            ),
        ),
    ),
    Group(
        "4",
        _("Cung cấp dịch vụ trực tuyến"),
        22,
        (
            _i(
                "4.1",
                _("Thủ tục cung cấp trực tuyến toàn trình"),
                6,
                ("catalog_full_online",),
                ("catalog_in_force",),
                _("Thủ tục toàn trình ÷ thủ tục đang có hiệu lực của cơ quan."),
            ),
            _i(
                "4.2",
                _("Hồ sơ nộp trực tuyến"),
                8,
                ("online",),
                ("received",),
                _("Hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận."),
            ),
            _i(
                "4.3",
                _("Thanh toán trực tuyến"),
                8,
                ("paid_online",),
                ("with_fee",),
                _("Hồ sơ nộp trực tuyến đã thanh toán ÷ hồ sơ phải nộp phí, lệ phí."),
            ),
        ),
    ),
    Group(
        "5",
        _("Mức độ hài lòng"),
        18,
        (
            _i(
                "5.1",
                _("Mức độ hài lòng trong tiếp nhận, giải quyết"),
                6,
                ("satisfied",),
                ("rated",),
                _("Đánh giá hài lòng, rất hài lòng ÷ hồ sơ được đánh giá."),
                confirmed=True,
            ),
            _i(
                "5.2",
                _("Phản ánh, kiến nghị được trả lời đúng hạn"),
                6,
                ("fb_answered_on_time",),
                ("fb_answered_on_time", "fb_answered_late", "fb_overdue_open"),
                _(
                    "Trả lời trong hạn ÷ (trả lời trong hạn + trả lời quá hạn + quá hạn chưa trả "
                    "lời)."
                ),
            ),
            _i(
                "5.3",
                _("Hài lòng với trả lời phản ánh, kiến nghị"),
                6,
                ("fb_rated_satisfied",),
                ("fb_rated",),
                _("Trả lời được đánh giá từ 4/5 ÷ trả lời được đánh giá."),
            ),
        ),
    ),
)


def _override(groups: tuple[Group, ...], data: dict[str, object]) -> tuple[Group, ...]:
    changes = data.get("indicators", {})
    if not isinstance(changes, dict):
        return groups
    out = []
    for group in groups:
        indicators = []
        for indicator in group.indicators:
            change = changes.get(indicator.code)
            if isinstance(change, dict):
                indicator = replace(
                    indicator,
                    points=float(change.get("points", indicator.points)),
                    numerator=tuple(change.get("numerator", indicator.numerator)),
                    denominator=tuple(change.get("denominator", indicator.denominator)),
                )
            indicators.append(indicator)
        out.append(replace(group, indicators=tuple(indicators)))
    return tuple(out)


@cache
def _groups_from(path: str) -> tuple[Group, ...]:
    if not path:
        return DEFAULT_GROUPS
    return _override(DEFAULT_GROUPS, json.loads(Path(path).read_text(encoding="utf-8")))


def index_groups() -> tuple[Group, ...]:
    """The groups in force: the defaults, changed by ``MOTCUA_REPORTING_DEFINITIONS`` if set."""
    return _groups_from(str(settings.MOTCUA_REPORTING_DEFINITIONS))
