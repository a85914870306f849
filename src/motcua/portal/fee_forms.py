"""What the fee counts, asked on the application form: the number of copies (số bản), of pages,
the area, only when one of the version's rules counts it.

The answers travel with the form (kept in the draft like every other field) and become the
:class:`~motcua.catalog.fee_rules.FeeInputs` of the check page's quote and of ``dossier_submit``:
the citizen sees before sending the amount the dossier will store. Whether a registration is late
is not asked: it follows from the dossier's dates and the one-stop officer judges it.
"""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext as _

from motcua.catalog.fee_rules import FeeInputs, Rule
from motcua.catalog.models import FeeBasis, FeeInput
from motcua.portal.schema_forms import ApplicationForm

#: Field of the form for each input a rule may count.
FIELDS: dict[str, str] = {
    FeeInput.COPIES: "so_ban",
    FeeInput.PAGES: "so_trang",
    FeeInput.AREA_M2: "dien_tich_m2",
}
MAXIMUM = 10_000


def _counted(rules: Sequence[Rule]) -> list[str]:
    wanted = {r.item_input for r in rules if r.basis in (FeeBasis.PER_ITEM, FeeBasis.TIERED)}
    return [name for name in FIELDS if name in wanted]


def fee_attach(form: ApplicationForm, rules: Sequence[Rule]) -> None:
    """Add to ``form`` a whole-number field for each input the rules count."""
    for name in _counted(rules):
        label = str(FeeInput(name).label)
        area = name == FeeInput.AREA_M2
        form.fields[FIELDS[name]] = forms.IntegerField(
            label=label,
            help_text=_("Dùng để tính phí, lệ phí.")
            if area
            else _("Dùng để tính phí, lệ phí; không nhập thì tính 1."),
            min_value=0 if area else 1,
            max_value=10**9 if area else MAXIMUM,
            required=area,
            error_messages={
                "required": _("Nhập %(label)s, ví dụ 120.") % {"label": label.lower()},
                "invalid": _("%(label)s là một số nguyên, ví dụ 2.") % {"label": label},
                "min_value": _("%(label)s phải từ %%(limit_value)s trở lên.") % {"label": label},
                "max_value": _("%(label)s không quá %%(limit_value)s.") % {"label": label},
            },
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )


def fee_fields(form: ApplicationForm) -> list[forms.BoundField]:
    """The fee fields of ``form``, to render in their own section."""
    return [form[field] for field in FIELDS.values() if field in form.fields]


def fee_inputs(form: ApplicationForm) -> FeeInputs:
    """The inputs a valid ``form`` states (one copy, one page when not asked or left empty)."""
    data = form.cleaned_data
    return FeeInputs(
        copies=data.get(FIELDS[FeeInput.COPIES]) or 1,
        pages=data.get(FIELDS[FeeInput.PAGES]) or 1,
        area_m2=data.get(FIELDS[FeeInput.AREA_M2]),
    )


def fee_answers(form: ApplicationForm) -> list[tuple[str, str]]:
    """The answers of a valid ``form``'s fee fields as (label, text) rows for the check page."""
    inputs = fee_inputs(form)
    return [
        (str(form.fields[field].label), str(inputs.value(name)))
        for name, field in FIELDS.items()
        if field in form.fields
    ]
