from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = "Số hóa"

    def ready(self) -> None:
        from motcua.core.outbox import register_handler
        from motcua.documents.contrib.clamd.scanner import ClamdScanner
        from motcua.documents.scanning import scanner_register
        from motcua.documents.services import OCR_TOPIC, document_ocr_task

        scanner_register(ClamdScanner())
        register_handler(OCR_TOPIC, document_ocr_task)
