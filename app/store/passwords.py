"""Password hashing with scrypt, a memory-hard key derivation function.

The cost follows current guidance for scrypt (N = 2^17, r = 8, p = 1: 128 MiB per hash). A stored
hash made with less is not accepted as it is: :func:`check_password` says it needs a rehash, and
the log-in that proved the password replaces it at once (see ``CaptureSession.login_password``).
Every hash has its own random salt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

# 128 MiB of memory per hash; about half a second to check at a log-in on a station PC.
N, R, P = 2**17, 8, 1
# The floor below which stored parameters are refused (and replaced at the next log-in), and a
# ceiling so that a doctored hash cannot make a log-in allocate gigabytes.
FLOOR_N, FLOOR_R = 2**17, 8
CEILING_N = 2**18
MAX_R, MAX_P = 16, 4
# 128 * r * N bytes at the ceiling, plus slack; hashlib's default (32 MiB) is too small.
MAXMEM = 128 * MAX_R * CEILING_N + 64 * 1024 * 1024
SALT_BYTES = 16


class WeakParameters(ValueError):
    """Parameters below the floor were asked for."""


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=MAXMEM
    )


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    """A self-describing scrypt hash with a fresh salt: ``scrypt$N$r$p$salt$hash``.

    Raises:
        WeakParameters: ``n`` or ``r`` below the floor.
    """
    if n < FLOOR_N or not FLOOR_R <= r <= MAX_R or not 1 <= p <= MAX_P or n > CEILING_N:
        raise WeakParameters(
            f"scrypt N={n}, r={r}, p={p} is outside the accepted range "
            f"(N from {FLOOR_N} to {CEILING_N}, r at least {FLOOR_R})"
        )
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _derive(password, salt, n, r, p)
    return "$".join(
        [
            "scrypt",
            str(n),
            str(r),
            str(p),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


@dataclass(frozen=True)
class PasswordCheck:
    """Whether a password matched, and whether its stored hash must be replaced."""

    ok: bool
    needs_rehash: bool = False

    def __bool__(self) -> bool:
        return self.ok


def parameters(stored: str) -> tuple[int, int, int] | None:
    """``(N, r, p)`` of a stored hash, or None when it is not a scrypt hash."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        return int(parts[1]), int(parts[2]), int(parts[3])
    except ValueError:
        return None


def below_floor(stored: str) -> bool:
    """Whether a stored hash was made with less than the floor's cost."""
    found = parameters(stored)
    return found is None or found[0] < FLOOR_N or found[1] < FLOOR_R


def check_password(password: str, stored: str | None) -> PasswordCheck:
    """Whether ``password`` matches the stored hash (not for users without a password).

    A match against a hash below the floor comes back with ``needs_rehash``: the caller must
    replace the hash before it lets the person in. Parameters above the ceiling never match.
    """
    if not stored:
        return PasswordCheck(False)
    found = parameters(stored)
    if found is None:
        return PasswordCheck(False)
    n, r, p = found
    if n > CEILING_N or n < 2 or not 1 <= r <= MAX_R or not 1 <= p <= MAX_P:
        return PasswordCheck(False)
    try:
        _, _, _, _, salt, digest = stored.split("$")
        actual = _derive(password, base64.b64decode(salt), n, r, p)
        expected = base64.b64decode(digest)
    except (ValueError, TypeError, MemoryError):
        return PasswordCheck(False)
    ok = hmac.compare_digest(actual, expected)
    return PasswordCheck(ok, ok and below_floor(stored))


def plant_key(password: str, params: str) -> bytes:
    """The scrypt key of ``password`` under the plant's ``scrypt$N$r$p$salt`` parameters for a user
    (what the plant stores as that user's hash, and keys countersignature proofs with).

    Raises:
        ValueError: not scrypt parameters, or a cost outside the accepted range.
    """
    parts = params.split("$")
    if len(parts) != 5 or parts[0] != "scrypt":
        raise ValueError(f"not scrypt parameters: {params[:20]!r}")
    n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
    if n > CEILING_N or n < 2 or not 1 <= r <= MAX_R or not 1 <= p <= MAX_P:
        raise ValueError(f"scrypt N={n}, r={r}, p={p} is outside the accepted range")
    return _derive(password, base64.b64decode(parts[4]), n, r, p)
