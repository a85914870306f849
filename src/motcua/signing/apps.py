from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "motcua.signing"
    label = "signing"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from motcua.signing.registry import DeferredPlugin, signer_plugin_register

        signer_plugin_register(
            DeferredPlugin("keyfile", "motcua.signing.contrib.keyfile.plugin:KeyFilePlugin")
        )
        signer_plugin_register(
            DeferredPlugin("pkcs11", "motcua.signing.contrib.pkcs11.plugin:Pkcs11Plugin")
        )
