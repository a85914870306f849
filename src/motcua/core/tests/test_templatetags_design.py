from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from motcua.core.templatetags.design import (
    dong,
    error_summary,
    fee,
    group_thousands,
    number_text,
    page_links,
    page_url,
    tag_colour,
)


class SampleForm(forms.Form):
    name = forms.CharField(label="Họ và tên", help_text="Như trên căn cước")
    email = forms.EmailField(label="Thư điện tử", required=False)


def test_amounts_are_grouped_with_dots() -> None:
    with translation.override("vi"):
        assert group_thousands(0) == "0"
        assert group_thousands(200000) == "200.000"
        assert group_thousands(1234567) == "1.234.567"
        assert group_thousands(-5000) == "-5.000"


def test_dong_and_fee_filters() -> None:
    with translation.override("vi"):
        assert dong(200000) == "200.000 đồng"
        assert dong(None) == ""
        assert fee(0) == "Miễn phí (0 đồng)"
        assert fee(50000) == "50.000 đồng"


def test_tag_colour_falls_back_to_blue() -> None:
    assert tag_colour("green") == "green"
    assert tag_colour("purple-ish") == "blue"


def test_field_renders_label_hint_and_error_next_to_the_input() -> None:
    form = SampleForm(data={"name": "", "email": "khong-phai-thu"})
    template = Template(
        "{% load design %}{% design_field form.name %}{% design_field form.email %}"
    )

    html = template.render(Context({"form": form}))

    assert '<label class="label" for="id_name">Họ và tên</label>' in html
    assert '<span id="id_name-hint" class="hint">Như trên căn cước</span>' in html
    assert 'id="id_name-error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'aria-invalid="true"' in html
    assert "form-group--error" in html
    assert 'id="id_email-error"' in html


def test_error_summary_links_each_error_to_its_field() -> None:
    form = SampleForm(data={"name": ""})

    context = error_summary(form)

    assert [e.target for e in context["errors"]] == ["id_name"]
    html = Template("{% load design %}{% error_summary form %}").render(Context({"form": form}))
    assert 'role="alert"' in html
    assert 'href="#id_name"' in html


def test_error_summary_is_empty_for_an_unbound_or_valid_form() -> None:
    assert error_summary(SampleForm())["errors"] == []
    assert error_summary(SampleForm(data={"name": "An"}))["errors"] == []
    assert error_summary(None)["errors"] == []


def test_page_url_keeps_filters_and_drops_page_one() -> None:
    query = QueryDict("q=dang+ky&level=commune&page=4")

    assert page_url(query, 2) == "?q=dang+ky&level=commune&page=2"
    assert page_url(query, 1) == "?q=dang+ky&level=commune"
    assert page_url({}, 1) == "?"


def test_page_links_show_gaps() -> None:
    page = Paginator(list(range(100)), 10).page(5)

    numbers = [link.number for link in page_links(page, {})]

    assert numbers == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert [link.number for link in page_links(page, {}) if link.current] == [5]


def test_pagination_tag_renders_nothing_for_one_page() -> None:
    request = RequestFactory().get("/thu-tuc/", {"q": "a"})
    template = Template("{% load design %}{% pagination page %}")
    one = Paginator([1, 2], 10).page(1)
    many = Paginator(list(range(30)), 10).page(2)

    assert "pagination" not in template.render(Context({"page": one, "request": request}))
    html = template.render(Context({"page": many, "request": request}))
    assert 'href="?q=a&amp;page=3"' in html
    assert 'aria-current="page"' in html


def test_numbers_follow_the_active_language() -> None:
    with translation.override("vi"):
        assert number_text(1234567.25, decimals=2) == "1.234.567,25"
        assert group_thousands(200000) == "200.000"
    with translation.override("en"):
        assert number_text(1234567.25, decimals=2) == "1,234,567.25"
        assert number_text(-5000) == "-5,000"
        assert dong(200000) == "200,000 dong"
    assert number_text(8.5, decimals=1, language="vi") == "8,5"
