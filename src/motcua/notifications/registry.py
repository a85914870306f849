"""Channel plugins (e-mail, SMS, ...): each provider registers one object under its channel name."""

from typing import Protocol

from motcua.core.errors import NotFound


class ChannelError(Exception):
    """A channel could not deliver; ``permanent`` says retrying will not help (a refused request).

    The message never names the recipient: it ends up in logs and in the outbox's last error.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Channel(Protocol):
    #: ``email``, ``sms``, ...
    name: str

    def check_recipient(self, recipient: str) -> str | None:
        """Why ``recipient`` is not an address of this channel, or ``None`` if it is."""
        ...

    def send(self, *, recipient: str, subject: str, body: str, key: str) -> str:
        """Deliver one message; return the provider's message id; raise :class:`ChannelError`."""
        ...


_CHANNELS: dict[str, Channel] = {}


def channel_register(channel: Channel) -> None:
    """Register (or replace) the provider of ``channel.name``."""
    _CHANNELS[channel.name] = channel


def channel_get(name: str) -> Channel:
    channel = _CHANNELS.get(name)
    if channel is None:
        raise NotFound(f"Không có kênh thông báo {name}.")
    return channel


def channel_names() -> list[str]:
    return sorted(_CHANNELS)
