from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "motcua.signing"
    label = "signing"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from motcua.signing.contrib.keyfile.plugin import KeyFilePlugin
        from motcua.signing.contrib.pkcs11.plugin import Pkcs11Plugin
        from motcua.signing.registry import signer_plugin_register

        signer_plugin_register(KeyFilePlugin())
        signer_plugin_register(Pkcs11Plugin())
