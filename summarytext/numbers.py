"""Reading one number written the way Chinese work reports write numbers.

:func:`parse_number` turns one number -- Arabic, Chinese, mixed, a fraction or a
percentage -- into a float, and raises :class:`ValueError` for anything else.
The character tables live in ``summarytext/data/numerals.tsv`` and are read the
first time they are needed.

>>> parse_number("三千多万")
30000000.0
>>> parse_number("提高3.2个百分点")
Traceback (most recent call last):
  ...
ValueError: not one number: '提高3.2个百分点': unexpected '提' at position 0

Conventions (the same as Recognizers-Text and cn2an):

* qualifiers inside a number are ignored for the value: ``十余万`` -> 100000;
* a digit right after the last unit is abbreviated: ``一万三`` -> 13000,
  ``两千四百五`` -> 2450 (but ``一万零三`` -> 10003, ``1万600`` -> 10600);
* a string of bare digits is read digit by digit: ``二〇二三`` -> 2023;
* a percentage gives its number of percent: ``百分之八十``, ``80%``, ``八成`` -> 80.0,
  ``千分之一`` -> 0.1; ``八折`` -> 80.0 and ``七五折`` -> 75.0;
* ``万万`` and ``万亿`` compound (``四万万`` -> 4e8) and ``兆`` is 10**12;
* a value that does not fit a float (say 10,000 digits in a row) raises
  ``ValueError`` ("too large for a float") instead of returning ``inf``.

The work is linear in the length of the text; there is no backtracking regex.
"""
from __future__ import annotations

import math
import re
import unicodedata
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from functools import lru_cache

from .resources import read_table

__all__ = ["parse_number", "numeral_chars", "is_digit_sequence"]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_TEN = Decimal(10)
_HUNDRED = Decimal(100)
_BIG = Decimal(10000)  # units from here up (万 亿 兆) close a section and may compound
_ASCII_DIGITS = "0123456789"
_MAX_EXPONENT_DIGITS = 6
_CTX = Context(prec=34, Emax=999_999, Emin=-999_999, traps=[InvalidOperation, DivisionByZero, Overflow])
# mantissa (with optional 1,234,567 grouping and decimals) and exponent (2e5, 2^5, 1.1^--23);
# every repetition is anchored by a ',' so the match is linear
_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+")
_EXPONENT = re.compile(r"[eE]([+-]?)([0-9]+)|\^([+-]*)([0-9]+)")


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, Decimal | None]]:
    """``kind -> {form: value}`` from ``data/numerals.tsv`` (read once, on first use)."""
    tables: dict[str, dict[str, Decimal | None]] = {}
    for form, kind, value in read_table("numerals.tsv", columns=3):
        tables.setdefault(kind, {})[form] = None if value == "-" else Decimal(value)
    return tables


def _kind(kind: str) -> dict[str, Decimal | None]:
    return _tables().get(kind, {})


@lru_cache(maxsize=1)
def numeral_chars() -> frozenset[str]:
    """Every character that may appear inside a Chinese or Arabic number.

    Digits (Arabic, full-width, Chinese lower and upper case, traditional), units
    (十百千万亿兆 and 拾佰仟萬億), 廿/卅, and the decimal points 点/點/./．.  Not
    qualifiers (余 多 几), signs, separators or percent marks.

    >>> {"二", "〇", "萬", "點", "兩", "７", "5"} <= numeral_chars()
    True
    >>> "余" in numeral_chars()
    False
    """
    chars = set(_ASCII_DIGITS + ".")
    chars.update(chr(ord(c) + 0xFEE0) for c in _ASCII_DIGITS + ".")  # full-width forms
    for kind in ("digit", "count", "phone", "unit", "tens", "point"):
        chars.update(form for form in _kind(kind) if len(form) == 1)
    return frozenset(chars)


def is_digit_sequence(text: str) -> bool:
    """True when ``text`` is two or more bare digits read one by one (a year, a code).

    Chinese digits (〇 零 一 … 九, 壹 … 玖, 幺) or Arabic digits (also full-width),
    with no unit and no separator.

    >>> is_digit_sequence("二〇二三"), is_digit_sequence("２０２３"), is_digit_sequence("二十三")
    (True, True, False)
    """
    s = unicodedata.normalize("NFKC", text).strip()
    chinese = {**_kind("digit"), **_kind("phone")}
    return len(s) >= 2 and all(c in _ASCII_DIGITS or c in chinese for c in s)


def parse_number(text: str) -> float:
    """The value of one number written in digits, Chinese numerals or both.

    Percentages give their number of percent (百分之/千分之/万分之 with no digit before
    them are percentages; 一百分之二 is the fraction 0.02).  Raises :class:`ValueError`
    naming the text and the problem when ``text`` is not exactly one number, and also
    when its value does not fit a float (rather than returning ``inf``).

    >>> parse_number("两千四百五"), parse_number("4.78万亿"), parse_number("１，２３４")
    (2450.0, 4780000000000.0, 1234.0)
    >>> parse_number("百分之五十五点五"), parse_number("负3.9%"), parse_number("七成")
    (55.5, -3.9, 70.0)
    >>> parse_number("一九九八"), parse_number("五分之一"), parse_number("壹佰萬")
    (1998.0, 0.2, 1000000.0)
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number expects a str, not {type(text).__name__}")
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise _error(text, "empty text")
    try:
        with localcontext(_CTX):
            value = float(_parse(s, text))
    except Overflow as exc:  # beyond Decimal's range (10**999999), so beyond a float's
        raise _error(text, "too large for a float") from exc
    except ArithmeticError as exc:  # an impossible operation
        raise _error(text, f"cannot compute the value ({type(exc).__name__})") from exc
    if not math.isfinite(value):
        raise _error(text, "too large for a float")
    return value


def _error(text: str, problem: str) -> ValueError:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return ValueError(f"not one number: {shown!r}: {problem}")


def _parse(s: str, text: str) -> Decimal:
    """A leading sign, then :func:`_unsigned`."""
    signs = _kind("sign")
    if s[0] in signs:
        rest = s[1:].lstrip()
        if rest[:1] in signs:
            raise _error(text, "two signs")
        return signs[s[0]] * _unsigned(rest, text)
    return _unsigned(s, text)


def _unsigned(s: str, text: str) -> Decimal:
    """Whole forms: fixed words, percent and ratio suffixes, slash fractions; then :func:`_plain`."""
    if not s:
        raise _error(text, "a sign without a number")
    if "/" in s:
        return _slash(s, text)
    s = "".join(s.split())
    words = _kind("word")
    if s in words:
        return words[s]
    for suffix, factor in sorted(_kind("percent").items(), key=lambda kv: -len(kv[0])):
        if s.endswith(suffix):
            return _plain(s[: -len(suffix)], text) * factor
    for mark, per_unit in _kind("ratio").items():  # 七成, 七成六, 三成半
        head, found, tail = s.partition(mark)
        if found:
            value = _half_or_plain(head, text)
            if tail:
                half = _kind("half")
                if tail in half:  # 三成半: half a 成 more
                    value += half[tail]
                elif len(tail) == 1 and (tail in _kind("digit") or tail in _ASCII_DIGITS):  # 七成六: 7.6 成
                    value += _core(tail, text) / _TEN
                else:
                    raise _error(text, f"unexpected {tail!r} after {mark!r}")
            return value * per_unit
    for mark, per_unit in _kind("discount").items():  # 八折, 9.5折, 八五折 (8.5 折)
        if s.endswith(mark):
            head = s[: -len(mark)]
            if len(head) == 2 and is_digit_sequence(head):
                return (_core(head[0], text) + _core(head[1], text) / _TEN) * per_unit
            return _half_or_plain(head, text) * per_unit
    return _plain(s, text)


def _half_or_plain(s: str, text: str) -> Decimal:
    half = _kind("half")
    return half[s] if s in half else _plain(s, text)


def _slash(s: str, text: str) -> Decimal:
    """1/2, -3/2, 1 4/3 (a whole number, a space, then a fraction)."""
    left, _, right = s.partition("/")
    if "/" in right:
        raise _error(text, "more than one '/'")
    parts = left.split()
    whole = None
    if len(parts) == 2 and all(c in _ASCII_DIGITS for c in parts[1]):
        whole, left = _core(parts[0], text), parts[1]
    return _join_fraction(whole, _core("".join(left.split()), text), _core("".join(right.split()), text), text)


def _join_fraction(whole: Decimal | None, numerator: Decimal, denominator: Decimal, text: str) -> Decimal:
    if denominator == 0:
        raise _error(text, "zero denominator")
    value = numerator / denominator
    if whole is None:
        return value
    return whole - value if whole < 0 else whole + value


def _plain(s: str, text: str) -> Decimal:
    """A number with no percent suffix: fractions (分之, 又), amounts of money, or :func:`_core`."""
    for mark in _kind("fraction"):
        head, found, numerator = s.partition(mark)
        if not found:
            continue
        if mark in numerator:
            raise _error(text, f"more than one {mark!r}")
        whole = None
        for joiner in _kind("mixed"):
            if joiner in head:
                whole_text, _, head = head.partition(joiner)
                whole = _core(whole_text, text)
        if not head or not numerator:
            raise _error(text, f"{mark!r} needs a number on each side")
        units = _kind("unit")
        if whole is None and all(c in units for c in head):  # 百分之 千分之 万分之 …: a percentage
            denominator = math.prod((units[c] for c in head), start=_ONE)
            if denominator >= _HUNDRED:  # (十分之一 stays one tenth)
                return _core(numerator, text) * _HUNDRED / denominator
        return _join_fraction(whole, _core(numerator, text), _core(head, text), text)
    for joiner in _kind("mixed"):
        if joiner in s:
            raise _error(text, f"{joiner!r} without a fraction")
    money = _kind("money")
    for i, c in enumerate(s):
        if money.get(c) == _ONE:
            return _core(s[:i], text) + _small_change(s[i + 1 :], text)
    return _core(s, text)


def _small_change(s: str, text: str) -> Decimal:
    """What follows 元 in an amount: [零][N角][零][N分][整]."""
    money, digits = _kind("money"), {**_kind("digit"), **_kind("count")}
    if s[-1:] in _kind("money_end"):
        s = s[:-1]
    value, i, last = _ZERO, 0, None
    while i < len(s):
        if digits.get(s[i]) == 0:
            i += 1
            continue
        if i + 1 >= len(s) or not (s[i] in digits or s[i] in _ASCII_DIGITS):
            raise _error(text, f"unexpected {s[i:]!r} in an amount of money")
        unit = money.get(s[i + 1])
        if unit is None or unit >= _ONE or (last is not None and unit >= last):
            raise _error(text, f"unexpected {s[i + 1]!r} in an amount of money")
        value += (digits[s[i]] if s[i] in digits else Decimal(s[i])) * unit
        last = unit
        i += 2
    return value


def _core(s: str, text: str) -> Decimal:
    """A signed number: Arabic, Chinese, or both, with units, qualifiers and multipliers."""
    signs = _kind("sign")
    sign = _ONE
    if s[:1] in signs:
        sign, s = signs[s[0]], s[1:]
    if not s:
        raise _error(text, "no number")
    points, digits = _kind("point"), _kind("digit")
    cut = next((i for i, c in enumerate(s) if c in points), len(s))
    head, tail = s[:cut], s[cut + 1 :]
    sequence = {**digits, **_kind("phone")}
    if head and all(c in sequence for c in head) and (cut == len(s) or (tail and all(c in digits for c in tail))):
        value = "".join(str(int(sequence[c])) for c in head)  # 二〇二三, 一七二零点一
        if cut < len(s):
            value += "." + "".join(str(int(digits[c])) for c in tail)
        return sign * Decimal(value)
    return sign * _Counter(s, text).read()


class _Counter:
    """Reads counting forms left to right in one pass (三千零五万, 1万600, 10.1万, 十余万).

    ``groups`` holds the finished sections (value, scale) of 万/亿/兆, ``section`` the
    part below the current section unit, ``pending`` the number not yet given a unit.
    """

    def __init__(self, s: str, text: str):
        self.s, self.text = s, text
        tables = _tables()
        self.decimal_digits = tables.get("digit", {})  # 两 counts but is never a decimal digit
        self.digits = {**self.decimal_digits, **tables.get("count", {})}
        self.units = tables.get("unit", {})
        self.tens = tables.get("tens", {})
        self.half = tables.get("half", {})
        self.points = tables.get("point", {})
        self.qualifiers = tables.get("qualifier", {})
        self.multipliers = tables.get("multiplier", {})
        self.groups: list[tuple[Decimal, Decimal]] = []
        self.section = _ZERO
        self.section_used = False  # the section has a unit or a digit already
        self.last_small: Decimal | None = None  # last 十/百/千 of the section (units must fall)
        self.pending: Decimal | None = None
        self.pending_half = False
        self.abbreviated: Decimal | None = None  # scale for 一万三 (three thousand), if the digit ends the number
        self.prev = "start"  # start|digit|zero|unit|big|qualifier|fraction
        self.prev_scale = _ONE
        self.fraction = False  # a decimal part has been read: no more digits
        self.loose_fraction = False  # ... added after 十/百/千 (二十三点五): no more 十/百/千
        self.seen = False

    def fail(self, problem: str) -> ValueError:
        return _error(self.text, problem)

    def read(self) -> Decimal:
        s, i = self.s, 0
        while i < len(s):
            c = s[i]
            if c in _ASCII_DIGITS or (c == "." and i + 1 < len(s) and s[i + 1] in _ASCII_DIGITS):
                i = self.arabic(i)
            elif c in self.digits:
                self.digit(self.digits[c], c)
                i += 1
            elif c in self.half:
                self.digit(self.half[c], c)
                self.pending_half = True
                i += 1
            elif c in self.tens:
                self.small_unit(_TEN, c, self.tens[c] / _TEN)
                i += 1
            elif c in self.units:
                u = self.units[c]
                self.small_unit(u, c) if u < _BIG else self.big_unit(u, c)
                i += 1
            elif c in self.points:
                i = self.point(i)
            elif c in self.qualifiers:
                if self.prev not in ("digit", "zero", "unit", "big"):
                    raise self.fail(f"{c!r} must follow a number")
                self.prev = "qualifier"
                i += 1
            elif c in self.multipliers:  # 40k, 一打, 半打
                if i != len(s) - 1:
                    raise self.fail(f"{c!r} must end the number")
                self.pending_half = False
                return self.finish() * self.multipliers[c]
            else:
                raise self.fail(f"unexpected {c!r} at position {i}")
        return self.finish()

    def arabic(self, i: int) -> int:
        m = _ARABIC.match(self.s, i)
        if m is None:
            raise self.fail(f"unexpected {self.s[i]!r} at position {i}")
        value = Decimal(m.group().replace(",", ""))
        end = m.end()
        e = _EXPONENT.match(self.s, end)
        if e is not None:
            power_sign, power_digits = (e.group(1), e.group(2)) if e.group(2) else (e.group(3), e.group(4))
            if len(power_digits) > _MAX_EXPONENT_DIGITS:
                raise self.fail("exponent too large")
            power = int(power_digits) * (-1 if power_sign.count("-") % 2 else 1)
            value = value.scaleb(power) if e.group(2) else value ** power
            end = e.end()
        single = end - i == 1
        self.digit(value, m.group(), single=single)
        self.fraction = self.fraction or "." in m.group() or e is not None
        return end

    def digit(self, value: Decimal | None, c: str, *, single: bool = True) -> None:
        if self.fraction:
            raise self.fail(f"unexpected {c!r} after a decimal part")
        if self.prev == "qualifier":
            raise self.fail(f"unexpected {c!r} after a qualifier")
        if value == 0 and c in self.digits:  # 零 / 〇: a place holder between units
            if self.pending is not None:
                raise self.fail(f"unexpected {c!r} after a digit")
            self.prev = "zero"
            return
        if self.pending is not None:
            raise self.fail(f"two numbers run together at {c!r}")
        self.pending = value
        self.abbreviated = self.prev_scale / _TEN if single and self.prev in ("unit", "big") else None
        self.prev, self.seen = "digit", True

    def small_unit(self, u: Decimal, c: str, times: Decimal | None = None) -> None:
        if self.loose_fraction or (self.fraction and self.pending is None) or self.prev == "qualifier":
            raise self.fail(f"unexpected {c!r}")
        if self.last_small is not None and u >= self.last_small:
            raise self.fail(f"{c!r} after a unit no larger than it")
        if times is not None and self.pending is not None:
            raise self.fail(f"unexpected {c!r} after a digit")
        times = times if times is not None else (self.pending if self.pending is not None else _ONE)
        self.section += times * u
        self.section_used, self.last_small = True, u
        self.pending, self.pending_half = None, False
        self.prev, self.prev_scale, self.seen = "unit", u, True

    def big_unit(self, u: Decimal, c: str) -> None:
        if self.pending is not None:
            self.section += self.pending
            self.section_used, self.pending, self.pending_half = True, None, False
        groups = self.groups
        if self.section_used:  # 三千五百万: the section times the unit
            total = self.section
            while groups and groups[-1][1] < u:
                total += groups.pop()[0]
            if groups and groups[-1][1] == u:
                raise self.fail(f"{c!r} repeated")
            scale = u
        else:  # 万万, 万亿: the unit multiplies the sections before it
            if self.prev != "big":
                raise self.fail(f"{c!r} without a number before it")
            total, top = _ZERO, _ZERO
            while groups and groups[-1][1] <= u:
                value, top = groups.pop()
                total += value
            if top == 0:
                raise self.fail(f"{c!r} cannot follow a larger unit")
            scale = u * top
            if groups and groups[-1][1] <= scale:
                raise self.fail(f"{c!r} out of order")
        groups.append((total * u, scale))
        self.section, self.section_used, self.last_small = _ZERO, False, None
        self.prev, self.prev_scale = "big", scale

    def point(self, i: int) -> int:
        if self.fraction or not self.seen or self.prev == "qualifier":
            raise self.fail(f"unexpected {self.s[i]!r} at position {i}")
        decimal_digits = self.decimal_digits
        j = i + 1
        while j < len(self.s) and (self.s[j] in decimal_digits or self.s[j] in _ASCII_DIGITS):
            j += 1
        if j == i + 1:
            raise self.fail("a decimal point with no digits after it")
        places = (c if c in _ASCII_DIGITS else str(int(decimal_digits[c])) for c in self.s[i + 1 : j])
        decimals = Decimal("0." + "".join(places))
        if self.pending is not None and not self.section_used and self.abbreviated is None:
            self.pending += decimals  # 三点五 (万): the decimal belongs to the pending number
        else:  # 两千三点一, 两千万点五
            self.flush()
            self.section += decimals
            self.section_used = self.loose_fraction = True
        self.fraction, self.prev = True, "fraction"
        return j

    def flush(self) -> None:
        if self.pending_half:
            raise self.fail("半 without a unit after it")
        if self.pending is not None:
            scale = self.abbreviated if self.abbreviated is not None else _ONE
            self.section += self.pending * scale
            self.section_used, self.pending = True, None

    def finish(self) -> Decimal:
        if not self.seen:
            raise self.fail("no digits")
        if self.prev == "zero":
            raise self.fail("a number cannot end in 零")
        self.flush()
        return sum((value for value, _ in self.groups), self.section)
