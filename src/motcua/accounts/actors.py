"""Who acts: a logged-in user, or the system (hệ thống) acting on its own or on an outside
service's word (the post's proof of delivery).

A :class:`SystemActor` carries its audit label (``system``, ``post``) and the name shown on a
history row; a user's audit label is ``user:<pk>``. :func:`actor_audit` is the one place an audit
label is built from an actor.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.services import user_audit_label


@dataclass(frozen=True)
class SystemActor:
    audit: str
    name: str


#: Every actor of a service: a person, or the system.
Actor = User | SystemActor


def system_actor(audit: str = "system") -> SystemActor:
    """The system acting on its own (a sweep, a command), audited as ``audit``, shown as
    "Hệ thống"."""
    return SystemActor(audit=audit, name=_("Hệ thống"))


def actor_audit(actor: Actor) -> str:
    """The audit label of ``actor``."""
    return actor.audit if isinstance(actor, SystemActor) else user_audit_label(actor.pk)


def actor_for(user: User) -> str:
    """The audit label of a logged-in user."""
    return actor_audit(user)


def actor_label(user: User | None, *, fallback: str = "system") -> str:
    """The audit label of ``user``, or ``fallback`` for an action no user takes (the system)."""
    return actor_audit(user) if user is not None else fallback
