"""``{% load i18n kept %}`` writes what Django's ``{% translate %}`` and ``{% url %}`` write, each
constant one once per language and escaping (and, for an address, URLconf and prefix)."""

import pytest
from django.template import Context, Engine, engines
from django.templatetags import i18n
from django.utils import translation

from motcua.core.templatetags.kept import KeptTranslateNode, KeptURLNode

BODY = (
    "{% translate 'Trang cán bộ' %}|{% translate 'Trang chủ' as home %}{{ home }}|"
    "{% translate 'A & B' %}|{% autoescape off %}{% translate 'A & B' %}{% endautoescape %}|"
    "{% translate 'Trang chủ' noop %}|{% translate name %}|{% translate 'Trang chủ'|upper %}"
)


def _engine() -> Engine:
    engine: Engine = engines["django"].engine  # type: ignore[attr-defined]
    return engine


def test_the_kept_texts_are_django_s_in_each_language_in_turn() -> None:
    engine = _engine()
    kept = engine.from_string("{% load i18n kept %}" + BODY)
    plain = engine.from_string("{% load i18n %}" + BODY)

    written: dict[str, str] = {}
    for language in ("vi", "en", "vi", "en"):
        with translation.override(language):
            context = {"name": "Hồ sơ cần xử lý"}
            page = kept.render(Context(context))
            assert page == plain.render(Context(context))
            written.setdefault(language, page)
            assert written[language] == page

    assert written["vi"].startswith("Trang cán bộ|Trang chủ|A & B|A & B|Trang chủ|Hồ sơ")
    assert written["en"].startswith("Officers' area|Home|A & B|A & B|Trang chủ|Dossiers")
    assert written["en"].endswith("|HOME")


def test_a_constant_text_is_translated_once_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    template = _engine().from_string("{% load i18n kept %}{% translate 'Trang chủ' %}")
    assert any(isinstance(node, KeptTranslateNode) for node in template.nodelist)
    with translation.override("en"):
        assert template.render(Context()) == "Home"

    def translated_again(*_args: object) -> str:
        raise AssertionError

    monkeypatch.setattr(i18n.TranslateNode, "render", translated_again)
    with translation.override("en"):
        assert template.render(Context()) == "Home"
    with translation.override("vi"), pytest.raises(AssertionError):
        template.render(Context())


URLS = (
    "{% url 'backoffice:queue' %}|{% url 'backoffice:queue' as queue %}{{ queue }}|"
    "{% url 'backoffice:dossier' code %}|{% url name %}|{% url 'khong-co' as missing %}{{ missing }}"
)


def test_the_kept_addresses_are_django_s_in_each_language_in_turn() -> None:
    engine = _engine()
    kept = engine.from_string("{% load kept %}" + URLS)
    plain = engine.from_string(URLS)
    assert sum(isinstance(node, KeptURLNode) for node in kept.nodelist) == 3

    for language, prefix in [("vi", ""), ("en", "/en")] * 2:
        with translation.override(language):
            context = {"code": "A&B", "name": "backoffice:home"}
            page = kept.render(Context(context))
            assert page == plain.render(Context(context))
            assert page == (
                f"{prefix}/can-bo/ho-so/|{prefix}/can-bo/ho-so/|{prefix}/can-bo/ho-so/A&amp;B/|"
                f"{prefix}/can-bo/|"
            )
