"""Keyboard-wedge scanners: tells a scanner's burst of keystrokes from a person typing (no Qt).

A wedge scanner "types" its code as keystrokes a few milliseconds apart and ends it with a
suffix key (Enter or Tab). A person types tens to hundreds of milliseconds apart. The
:class:`WedgeDetector` holds keys while they arrive fast enough to be a scanner; when the suffix
ends a fast run of at least ``min_length`` characters it emits a :class:`Burst` with the assembled
text, separators (GS 0x1D) kept. Anything else is handed back as :class:`Typed` keys, in order,
so the UI can deliver them to the focused widget as if nothing had held them.

Real keyboards and scanners send more than characters, and each kind of key has its role
(:class:`KeyRole`): a USB wedge scanner sends a Shift press before every capital and Ctrl before
``]`` for GS, exactly like a keyboard, so modifier presses neither end nor start a burst; a dead key
(``^`` on a German layout) is held with the burst and counted, because a dead key inside a scan means
the scanner and the PC disagree on the keyboard layout; an auto-repeated key is a person holding a
key, never a scanner; Tab (unless it is the suffix) moves the focus between fields, so it ends a run
as typing and is delivered at once (a name, Tab, a password typed at scanner speed by a password
manager is never one burst). A CR LF suffix's LF (or a second Enter) right after a burst is the rest
of the suffix and is dropped as :class:`Suffix`.

The UI wraps it in an application-level event filter (``app/ui/wedge_filter.py``) that feeds
every key press with its timestamp and role and calls :meth:`WedgeDetector.poll` from a timer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

GS = "\x1d"
RS = "\x1e"
FS = "\x1c"
US = "\x1f"
EOT = "\x04"
ENTER = "\r"
TAB = "\t"

#: Control characters a wedge types as Ctrl+key (ASCII control codes: Ctrl+] is GS, 0x1D).
CTRL_KEYS: dict[str, str] = {"]": GS, "^": RS, "\\": FS, "_": US, "d": EOT, "D": EOT}
#: Suffixes by the names a scanner's configuration sheet uses.
SUFFIXES: dict[str, str] = {"enter": ENTER, "cr": ENTER, "tab": TAB, "lf": "\n", "none": ""}


class KeyRole(StrEnum):
    """What a key press is to burst detection, whatever platform sent it."""

    CHAR = "char"  # one character: letters, digits (keypad too), Enter, Tab, Ctrl+] as GS
    MODIFIER = "modifier"  # Shift, Ctrl, Alt, AltGr, Meta, Caps Lock, Num Lock: ignored
    DEAD = "dead"  # a dead key of a national layout: held with the burst, counted
    OTHER = "other"  # arrows, function keys, Escape: typing


def key_text(char: str, *, ctrl: bool = False) -> str:
    """The character a key press stands for: Ctrl+] is GS, Ctrl+^ RS, otherwise ``char`` itself.

    Args:
        char: the key's character (``"]"`` for the ] key, ``"\\r"`` for Enter).
        ctrl: whether Ctrl was held.
    """
    if ctrl and char in CTRL_KEYS:
        return CTRL_KEYS[char]
    if char == "\n":
        return ENTER  # keypad Enter and Return end a line alike
    return char


@dataclass(frozen=True)
class Key:
    """One key press as the detector saw it.

    Attributes:
        text: the character (after :func:`key_text`), GS for Ctrl+], ``"\\r"`` for Enter.
        at_ms: when it was pressed, in milliseconds on a monotonic clock.
        payload: whatever the caller needs to replay the key (the original Qt event).
    """

    text: str
    at_ms: float
    payload: object = field(default=None, compare=False)
    role: KeyRole = KeyRole.CHAR


@dataclass(frozen=True)
class Burst:
    """A scanner's burst: the scanned text (prefix and suffix removed, GS kept) and its keys."""

    text: str
    keys: tuple[Key, ...]

    @property
    def dead_keys(self) -> int:
        """Dead keys inside the burst: the scanner types another keyboard layout than the PC's."""
        return sum(1 for k in self.keys if k.role is KeyRole.DEAD)

    @property
    def duration_ms(self) -> float:
        """From the first key to the last (the suffix)."""
        return self.keys[-1].at_ms - self.keys[0].at_ms


@dataclass(frozen=True)
class Typed:
    """Keys a person typed, handed back in order for normal delivery."""

    keys: tuple[Key, ...]

    @property
    def text(self) -> str:
        """The characters of the keys."""
        return "".join(k.text for k in self.keys)


@dataclass(frozen=True)
class Suffix:
    """The rest of a scanner's suffix (the LF of CR LF) right after a burst: never delivered."""

    keys: tuple[Key, ...]

    @property
    def text(self) -> str:
        """The characters of the keys."""
        return "".join(k.text for k in self.keys)


Event = Burst | Typed | Suffix

#: Keys that may follow a burst's suffix as part of a multi-key suffix (CR LF, Tab CR).
_SUFFIX_TAIL = frozenset({ENTER, "\n", TAB})


@dataclass(frozen=True)
class WedgeSettings:
    """How a station's wedge scanner types.

    Attributes:
        max_gap_ms: longest pause between two keys of one scan. Scanners type every 1-15 ms;
            the fastest typists leave 50 ms and more between keys.
        min_length: fewest characters (without prefix and suffix) a scan has; shorter fast runs
            (a key-roll of two keys and Enter) are typing.
        suffix: the key that ends a scan (Enter, Tab, or "" when the scanner sends none and a
            scan ends at the first pause).
        prefix: characters the scanner is configured to send first ("" for none); removed.
    """

    max_gap_ms: float = 30.0
    min_length: int = 4
    suffix: str = ENTER
    prefix: str = ""

    def __post_init__(self) -> None:
        if self.max_gap_ms <= 0:
            raise ValueError(f"max_gap_ms must be positive, not {self.max_gap_ms}")
        if self.min_length < 1:
            raise ValueError(f"min_length must be at least 1, not {self.min_length}")
        if len(self.suffix) > 1:
            raise ValueError(f"the suffix is one key (Enter, Tab) or none, not {self.suffix!r}")

    @classmethod
    def from_options(
        cls,
        *,
        max_gap_ms: float = 30.0,
        min_length: int = 4,
        suffix: str = "enter",
        prefix: str = "",
    ) -> WedgeSettings:
        """Settings from a station configuration, the suffix named (``enter``, ``tab``, ``none``).

        Raises:
            ValueError: an unknown suffix name or an impossible value.
        """
        name = suffix.lower()
        if name not in SUFFIXES:
            raise ValueError(
                f"unknown wedge suffix {suffix!r}: use one of {', '.join(sorted(SUFFIXES))}"
            )
        return cls(max_gap_ms, min_length, SUFFIXES[name], prefix)


#: How late the window system may hand over a key that was pressed in time, on a busy PC.
#: Only the timer waits for it: gaps are judged on the keys' own time stamps, so waiting longer
#: never joins keys that were typed apart; it only keeps the next key of a scan, still queued in
#: the X server or the application, from arriving after the held keys were given up as typing
#: (seen: a key stamped 9 ms after the one before, received 95 ms after it on a loaded machine).
DELIVERY_SLACK_MS = 250.0


class WedgeDetector:
    """Sorts key presses into scanner bursts and typing. Not thread-safe: feed it from one thread.

    Args:
        settings: how the station's scanner types.
        delivery_slack_ms: how much longer than ``max_gap_ms`` the timer (:meth:`poll`) waits,
            on the received clock, for the next key when keys carry the device's time stamps
            (``received_ms`` given to :meth:`feed`); see :data:`DELIVERY_SLACK_MS`.
    """

    def __init__(
        self, settings: WedgeSettings | None = None, delivery_slack_ms: float = DELIVERY_SLACK_MS
    ) -> None:
        self.settings = settings or WedgeSettings()
        self.delivery_slack_ms = delivery_slack_ms
        self._held: list[Key] = []
        self._burst_end_ms: float | None = None
        self._last_received_ms: float | None = None

    @property
    def holding(self) -> bool:
        """Whether keys are held back waiting to see if they are a scan."""
        return bool(self._held)

    def deadline_ms(self) -> float | None:
        """When held keys must be released if no further key comes (for the caller's timer).

        On the clock keys were received by (``received_ms`` of :meth:`feed`, else ``at_ms``).
        When keys carry the device's time stamps, the wait is ``max_gap_ms`` plus
        ``delivery_slack_ms``: a key the device stamped in time may reach the application late,
        and is judged on its stamp when it comes.
        """
        if not self._held:
            return None
        last = self._last_received_ms
        if last is None:
            return self._held[-1].at_ms + self.settings.max_gap_ms
        return last + self.settings.max_gap_ms + self.delivery_slack_ms

    def feed(
        self,
        char: str,
        at_ms: float,
        payload: object = None,
        *,
        role: KeyRole = KeyRole.CHAR,
        auto_repeat: bool = False,
        received_ms: float | None = None,
    ) -> list[Event]:
        """Takes one key press; returns the bursts and typing it completed (often nothing yet).

        Args:
            char: the key's character after :func:`key_text` (GS for Ctrl+]).
            at_ms: when it was pressed, milliseconds on a monotonic clock.
            payload: returned with the key in :class:`Typed` or :class:`Burst` (e.g. the Qt event).
            role: what kind of key it is; a :attr:`KeyRole.MODIFIER` changes nothing and is not
                returned (the caller delivers it as it came).
            auto_repeat: the key is an auto-repeat of a key held down (a person, never a scanner).
            received_ms: when the application received it, when ``at_ms`` is the device's own
                time stamp (the X server's): gaps between keys are judged on ``at_ms``, so a
                busy application never splits a scan; the timer (:meth:`poll`) runs on this clock
                and waits ``delivery_slack_ms`` longer for a key still on its way.
        """
        if role is KeyRole.MODIFIER:
            return []  # Shift before a capital, Ctrl before ] : part of how a key is typed
        gap_over = bool(self._held) and not self._close(self._held[-1].at_ms, at_ms)
        out = self._release() if gap_over else []
        self._last_received_ms = received_ms
        key = Key(char if role is KeyRole.CHAR else "", at_ms, payload, role)
        s = self.settings
        after_burst = self._burst_end_ms
        self._burst_end_ms = None
        if (
            role is KeyRole.CHAR
            and char in _SUFFIX_TAIL
            and s.suffix
            and not self._held
            and after_burst is not None
            and self._close(after_burst, at_ms)
        ):
            self._burst_end_ms = at_ms  # CR LF: the LF belongs to the scan that just ended
            out.append(Suffix((key,)))
            return out
        if auto_repeat or role is KeyRole.OTHER or (role is KeyRole.CHAR and len(char) != 1):
            # A held-down key repeating, an arrow, F1 or a composed string is never part of a scan.
            out.append(Typed((*self._take(), key)))
            return out
        if role is KeyRole.DEAD:
            self._held.append(key)  # composes with the next key; a burst counts it
            return out
        if char == TAB and s.suffix != TAB:
            # Tab moves the focus to the next field (name, Tab, password): typing, at once.
            out.append(Typed((*self._take(), key)))
            return out
        self._held.append(key)
        if s.suffix and char == s.suffix:
            keys = self._take()
            body = "".join(k.text for k in keys[:-1])
            if s.prefix:
                if not body.startswith(s.prefix):
                    out.append(Typed(keys))
                    return out
                body = body[len(s.prefix) :]
            if len(body) >= s.min_length:
                out.append(Burst(body, keys))
                self._burst_end_ms = at_ms
            else:
                out.append(Typed(keys))
        elif s.prefix and len(self._held) <= len(s.prefix):
            held = "".join(k.text for k in self._held)
            if not s.prefix.startswith(held):
                out.append(Typed(self._take()))
        return out

    def _close(self, before_ms: float, at_ms: float) -> bool:
        """Whether a key at ``at_ms`` follows one at ``before_ms`` closely enough for one scan.

        A key stamped before the previous one (another clock, or a time stamp that wrapped) is
        never close.
        """
        return 0 <= at_ms - before_ms <= self.settings.max_gap_ms

    def poll(self, now_ms: float) -> list[Event]:
        """Releases held keys once no key followed by :meth:`deadline_ms`; call it from a timer.

        Without a suffix, a long enough fast run ending in a pause is a scan.
        """
        deadline = self.deadline_ms()
        # Strictly after: a key exactly max_gap_ms later still belongs to the scan.
        if deadline is None or now_ms <= deadline:
            return []
        return self._release()

    def _release(self) -> list[Event]:
        keys = self._take()
        s = self.settings
        if not s.suffix:
            body = "".join(k.text for k in keys)
            if body.startswith(s.prefix) and len(body) - len(s.prefix) >= s.min_length:
                return [Burst(body[len(s.prefix) :], keys)]
        return [Typed(keys)]

    def flush(self) -> list[Event]:
        """Hands back everything held as typing (focus change, window closing)."""
        keys = self._take()
        return [Typed(keys)] if keys else []

    def _take(self) -> tuple[Key, ...]:
        keys = tuple(self._held)
        self._held.clear()
        return keys
