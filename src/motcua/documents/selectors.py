"""Reads of stored documents, always scoped to what the officer may see."""

from datetime import date

from django.db.models import QuerySet

from motcua.accounts.models import User
from motcua.core.text import fold, search_words
from motcua.documents.models import DocumentKind, DocumentSource, StoredDocument


def documents_search(*, user: User, query: str, on: date) -> QuerySet[StoredDocument]:
    """Documents visible to ``user`` whose text holds every word of ``query``, accents ignored.

    "giay khai sinh" finds "Giấy khai sinh"; "Đặng" and "dang" find each other.
    """
    words = search_words(query)
    found = StoredDocument.objects.visible_to(user, on=on).select_related("agency")
    if not words:
        return found.none()
    for word in words:
        found = found.filter(search_text__contains=word)
    return found


def documents_of(*, user: User, reference: str, on: date) -> QuerySet[StoredDocument]:
    """Documents kept for the dossier ``reference`` that ``user`` may see."""
    return StoredDocument.objects.visible_to(user, on=on).filter(reference=reference)


def documents_recent_scans(*, user: User, on: date, limit: int = 10) -> list[StoredDocument]:
    return list(
        StoredDocument.objects.visible_to(user, on=on)
        .filter(source=DocumentSource.PAPER_SCAN)
        .select_related("agency", "digitized_by")[:limit]
    )


def digitized_references() -> QuerySet[StoredDocument, str]:
    """Dossier codes with at least one incoming document digitized from paper (for the rate)."""
    return (
        StoredDocument.objects.filter(kind=DocumentKind.INCOMING, source=DocumentSource.PAPER_SCAN)
        .exclude(reference="")
        .values_list("reference", flat=True)
        .distinct()
    )


def snippet(text: str, query: str, *, width: int = 160) -> str:
    """A piece of ``text`` around the first word of ``query`` (compared folded)."""
    words = fold(query).split()
    if not text or not words:
        return text[:width]
    # fold() keeps one character per character except collapsed spaces; search the
    # per-character folded form so the index maps back to ``text``.
    folded = "".join(fold(ch) or " " for ch in text)
    at = folded.find(words[0])
    if at < 0:
        return text[:width]
    start = max(at - width // 3, 0)
    piece = " ".join(text[start : start + width].split())
    return ("… " if start else "") + piece + (" …" if start + width < len(text) else "")
