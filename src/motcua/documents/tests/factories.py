"""Stored documents as test data (files are not written: rows only)."""

import hashlib
from datetime import UTC, datetime

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from motcua.accounts.tests.factories import AgencyFactory
from motcua.documents.models import DocumentKind, DocumentSource, StoredDocument

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


class StoredDocumentFactory(DjangoModelFactory[StoredDocument]):
    class Meta:
        model = StoredDocument

    agency = SubFactory(AgencyFactory)  # type: ignore[no-untyped-call]
    kind = DocumentKind.INCOMING
    source = DocumentSource.PAPER_SCAN
    document_type = "Giấy khai sinh"
    original_name = Sequence(lambda n: f"ban-quet-{n}.png")  # type: ignore[no-untyped-call]
    file = LazyAttribute(lambda o: f"documents/test/{o.original_name}")  # type: ignore[no-untyped-call]
    size = 100
    content_type = "image/png"
    sha256 = Sequence(lambda n: hashlib.sha256(str(n).encode()).hexdigest())  # type: ignore[no-untyped-call]
    created_at = AT
    digitized_at = AT
