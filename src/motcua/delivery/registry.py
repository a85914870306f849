"""Postal provider plugins, and the hook through which higher apps learn of tracking events.

A provider registers one object under its name (``vnpost_style`` is the protocol of the public
post's API, spoken by ``motcua post-sim``). ``MOTCUA_POST_PROVIDER`` chooses the one used.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.conf import settings

from motcua.core.errors import NotFound


class PostalError(Exception):
    """The post could not take the request; ``permanent`` says retrying will not help.

    The message never names the recipient: it ends up in logs and in the outbox's last error.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class WebhookRefused(Exception):
    """A callback whose signature, timestamp or body does not hold; nothing was recorded."""


@dataclass(frozen=True)
class PostalOrder:
    """What is handed to the post: ``key`` makes creating the order idempotent at the provider."""

    key: str
    reference: str
    recipient_name: str
    recipient_phone: str
    street: str
    commune_code: str
    province_code: str
    address_text: str
    callback_url: str
    weight_grams: int = 100


@dataclass(frozen=True)
class OrderCreated:
    tracking_number: str
    postage: int  # đồng


@dataclass(frozen=True)
class TrackingUpdate:
    """One event as the post reports it; ``event_id`` is unique per consignment at the post."""

    tracking_number: str
    event_id: str
    code: str
    at: datetime
    place: str = ""
    note: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


class PostalProvider(Protocol):
    name: str

    def create_order(self, order: PostalOrder) -> OrderCreated:
        """Create the consignment at the post (the same ``key`` again: the same answer)."""
        ...

    def tracking(self, tracking_number: str) -> list[TrackingUpdate]:
        """Every event the post holds for the item, oldest first; :class:`PostalError` on failure."""
        ...

    def parse_webhook(
        self, *, body: bytes, headers: Mapping[str, str], now: float
    ) -> list[TrackingUpdate]:
        """Check the callback's signature over the raw bytes and read it; :class:`WebhookRefused`."""
        ...


_PROVIDERS: dict[str, PostalProvider] = {}


def provider_register(provider: PostalProvider) -> None:
    _PROVIDERS[provider.name] = provider


def provider_get(name: str | None = None) -> PostalProvider:
    """The provider ``name``, default the one ``MOTCUA_POST_PROVIDER`` names."""
    chosen = name or str(settings.MOTCUA_POST_PROVIDER)
    provider = _PROVIDERS.get(chosen)
    if provider is None:
        raise NotFound(f"Không có đơn vị bưu chính {chosen}.")
    return provider


@dataclass(frozen=True)
class TrackingNotice:
    """What a higher app hears: the consignment moved (``dispatched`` or a :class:`TrackingCode`)."""

    reference: str
    kind: str
    attempt: int
    tracking_number: str
    code: str
    at: datetime
    place: str = ""
    postage: int = 0


TrackingCallback = Callable[[TrackingNotice], None]
_CALLBACKS: list[TrackingCallback] = []


def tracking_event_register(callback: TrackingCallback) -> None:
    """Let ``callback`` hear each new event, inside the transaction that records it.

    ``dossiers`` registers here in ``AppConfig.ready()``; a callback that raises rolls the event
    back, so the webhook is answered with an error and the post (or the poll) sends it again.
    Registering the same callback twice is harmless.
    """
    if callback not in _CALLBACKS:
        _CALLBACKS.append(callback)


def tracking_callbacks() -> list[TrackingCallback]:
    return list(_CALLBACKS)
