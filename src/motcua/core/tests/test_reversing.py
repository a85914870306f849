from django.urls import reverse, set_script_prefix
from django.utils import translation

from motcua.core.reversing import reverse_kept


def test_a_kept_address_is_reverse_s_own_in_each_language() -> None:
    for language, expected in [("vi", "/can-bo/ho-so/"), ("en", "/en/can-bo/ho-so/")] * 2:
        with translation.override(language):
            assert reverse_kept("backoffice:queue") == expected == reverse("backoffice:queue")


def test_fixed_arguments_and_the_script_prefix_are_part_of_the_key() -> None:
    with translation.override("vi"):
        assert reverse_kept("backoffice:dossier", "CODE-SLOT") == "/can-bo/ho-so/CODE-SLOT/"
        assert reverse_kept("backoffice:dossier", "OTHER") == "/can-bo/ho-so/OTHER/"
        set_script_prefix("/motcua/")
        try:
            assert reverse_kept("backoffice:queue") == "/motcua/can-bo/ho-so/"
        finally:
            set_script_prefix("/")
        assert reverse_kept("backoffice:queue") == "/can-bo/ho-so/"
