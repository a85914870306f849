from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import translation

from motcua.backoffice.presenters import QueueRow, Tag
from motcua.backoffice.templatetags.queue_table import queue_status_options, queue_table_rows
from motcua.dossiers.models import DossierStatus

#: The loop the work queue's template ran before the tag wrote its rows.
_LOOP = Template(
    """{% for row in rows %}
      <tr>
        <td data-label="{{ code_label }}"><a href="{{ row.url }}">{{ row.code }}</a></td>
        <td data-label="{{ procedure_label }}">{{ row.procedure_name }} <span class="hint">{{ row.procedure_code }}</span></td>
        <td data-label="{{ applicant_label }}">{{ row.applicant }}</td>
        <td data-label="{{ status_label }}">{% for tag in row.tags %}{% if not forloop.first %} {% endif %}<strong class="tag tag--{{ tag.colour }}">{{ tag.text }}</strong>{% endfor %}</td>
        <td data-label="{{ step_label }}">{{ row.step|default:"—" }}{% if row.step_due_text %}<span class="hint">{{ step_due_label }}: {{ row.step_due_text }}</span>{% endif %}</td>
        <td data-label="{{ due_label }}">{{ row.due_text|default:"—" }}</td>
      </tr>
      {% endfor %}"""
)
_LABELS = ("Mã hồ sơ", "Thủ tục", "Người <nộp>", "Trạng thái", "Bước", "Hạn & trả", "hạn bước")


def _row(code: str, **changes: object) -> QueueRow:
    fields: dict[str, object] = {
        "code": code,
        "url": f"/can-bo/ho-so/{code}/?a=1&b=2",
        "procedure_code": "1.001",
        "procedure_name": 'Đăng ký <khai sinh> & "kết hôn"',
        "applicant": "Nguyễn Văn O'Neil",
        "status": Tag("Đang xử lý", "blue"),
        "step": "Thẩm định",
        "due_at": datetime(2026, 3, 2, tzinfo=UTC),
        "step_due_at": None,
        "late": False,
        "tags": (Tag("Đang xử lý", "blue"), Tag("Quá hạn", "red")),
        "due_text": "09:00 02/03/2026",
        "step_due_text": "17:00 01/03/2026",
    }
    fields.update(changes)
    return QueueRow(**fields)  # type: ignore[arg-type]


def test_the_rows_are_written_as_the_template_loop_wrote_them_escaped_alike() -> None:
    rows = [
        _row("000.00.01.H26-260301-0001"),
        _row("<b>x</b>", step="", step_due_text="", due_text="", tags=(Tag("Mới", "green"),)),
        _row("000.00.01.H26-260301-0003", applicant="<script>alert(1)</script>"),
    ]
    names = ("code", "procedure", "applicant", "status", "step", "due", "step_due")
    context = {f"{name}_label": label for name, label in zip(names, _LABELS, strict=True)}

    expected = _LOOP.render(Context({"rows": rows, **context}))
    written = queue_table_rows(rows, *_LABELS)

    assert written == expected
    assert "<script>" not in written
    assert "&lt;script&gt;" in written
    assert queue_table_rows([], *_LABELS) == ""


#: The loop the work queue's filter ran before the tag wrote its options.
_OPTIONS_LOOP = Template(
    '{% for value, label in statuses %}<option value="{{ value }}"'
    "{% if value == status %} selected{% endif %}>{{ label }}</option>{% endfor %}"
)


def test_the_status_options_are_the_loop_s_in_each_language_and_choice_in_turn() -> None:
    statuses = [*DossierStatus.choices, ("a&b", 'Nhãn <"lạ">')]
    for language in ("vi", "en", "vi"):
        for chosen in ("", DossierStatus.PROCESSING, "a&b", "khong-co"):
            with translation.override(language):
                expected = _OPTIONS_LOOP.render(Context({"statuses": statuses, "status": chosen}))
                assert queue_status_options(statuses, chosen) == expected
    with translation.override("en"):
        written = queue_status_options(statuses, DossierStatus.PROCESSING)
    assert '<option value="processing" selected>' in written
    assert written.count(" selected") == 1
    assert "&lt;&quot;lạ&quot;&gt;" in written
