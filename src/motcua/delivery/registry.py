"""Postal provider plugins (the hook points of this app are in :mod:`motcua.delivery.hooks`).

A provider registers one object under its name (``vnpost_style`` is the protocol of the public
post's API, spoken by ``motcua post-sim``). ``MOTCUA_POST_PROVIDER`` chooses the one used.
"""

from collections.abc import Mapping
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
