"""The public search form: free text and the three filters of the catalogue."""

from typing import Any, TypedDict

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import AgencyKind
from motcua.catalog.models import Level
from motcua.catalog.selectors import fields_list


class SearchFilters(TypedDict):
    """Keyword arguments of ``catalog.selectors.procedure_search`` (besides ``on``)."""

    text: str
    field_code: str | None
    level: str | None
    agency_kind: str | None


NO_FILTERS = SearchFilters(text="", field_code=None, level=None, agency_kind=None)


class ContentSelect(forms.Select):
    """A select whose options are catalogue content, in Vietnamese on every page: each option
    but the empty one says so (``lang="vi"``), for screen readers on ``/en/``."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = "vi"
        return option


class ProcedureSearchForm(forms.Form):
    """Tìm thủ tục hành chính. Every field is optional; an unknown choice names its field."""

    q = forms.CharField(
        label=_("Tên hoặc mã thủ tục"),
        required=False,
        max_length=200,
        help_text=_("Có thể gõ không dấu, ví dụ: dang ky nghia vu quan su"),
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False, widget=ContentSelect)
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả các cấp")), *Level.choices],
    )
    agency_kind = forms.ChoiceField(
        label=_("Cơ quan thực hiện"),
        required=False,
        choices=[("", _("Tất cả các cơ quan")), *AgencyKind.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_choices: list[tuple[str, str]] = [("", str(_("Tất cả các lĩnh vực")))]
        field_choices += [(f.code, f.name) for f in fields_list()]
        self.fields["field"].choices = field_choices  # type: ignore[attr-defined]

    def filters(self) -> SearchFilters:
        """The selector's keyword arguments; no filter at all unless the form is bound and valid."""
        if not self.is_bound or not self.is_valid():
            return NO_FILTERS
        data = self.cleaned_data
        return SearchFilters(
            text=data.get("q") or "",
            field_code=data.get("field") or None,
            level=data.get("level") or None,
            agency_kind=data.get("agency_kind") or None,
        )
