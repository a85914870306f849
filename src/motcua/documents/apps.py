from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = "Số hóa"

    def ready(self) -> None:
        from motcua.documents.contrib.clamd.scanner import ClamdScanner
        from motcua.documents.scanning import scanner_register

        scanner_register(ClamdScanner())
