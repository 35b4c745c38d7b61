"""Property tests (Hypothesis) of the numeric options' validation (issue 18)."""

from __future__ import annotations

import argparse
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhassyl.cli import build_parser, validate
from zhassyl.cli.parser import CommandLineError
from zhassyl.cli.validate import Bounded

VALIDATORS = {name: v for name, v in vars(validate).items() if isinstance(v, Bounded)}
FLOAT_VALIDATORS = {n: v for n, v in VALIDATORS.items() if v.kind is float}
INT_VALIDATORS = {n: v for n, v in VALIDATORS.items() if v.kind is int}
PARSER = build_parser()


def _inside(b: Bounded, x: float) -> bool:
    if not math.isfinite(x):
        return False
    if b.low is not None and (x < b.low or (b.low_open and x == b.low)):
        return False
    return b.high is None or x <= b.high


@pytest.mark.parametrize("name", sorted(FLOAT_VALIDATORS))
@given(x=st.floats(allow_nan=True, allow_infinity=True))
def test_float_option_accepts_exactly_the_finite_values_within_bounds(name, x):
    b = FLOAT_VALIDATORS[name]
    text = repr(x)
    if _inside(b, x):
        assert b(text) == x
    else:
        with pytest.raises(argparse.ArgumentTypeError) as e:
            b(text)
        if math.isfinite(x):
            assert b.range_text() in str(e.value)  # the bounds, with the unit


@pytest.mark.parametrize("name", sorted(INT_VALIDATORS))
@given(n=st.integers(min_value=-(2**70), max_value=2**70))
def test_int_option_accepts_exactly_the_whole_numbers_within_bounds(name, n):
    b = INT_VALIDATORS[name]
    if _inside(b, n):
        assert b(str(n)) == n
    else:
        with pytest.raises(argparse.ArgumentTypeError):
            b(str(n))


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@given(text=st.text(max_size=30))
def test_any_text_is_a_number_in_bounds_or_a_clear_refusal(name, text):
    b = VALIDATORS[name]
    try:
        value = b(text)
    except argparse.ArgumentTypeError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert _inside(b, value)


@given(x=st.floats(allow_nan=True, allow_infinity=True))
@settings(max_examples=200)
def test_irrigation_salinity_option_through_the_parser(x):
    """--ec-iw-ds-m: never negative, NaN or absurd (defect: -1 removed salt)."""
    argv = ["simulate", "--system", "alfalfa-sole", "--region", "kyzylorda",
            f"--ec-iw-ds-m={x!r}"]
    if math.isfinite(x) and 0.0 <= x <= 60.0:
        assert PARSER.parse_args(argv).ec_iw_ds_m == x
    else:
        with pytest.raises(CommandLineError) as e:
            PARSER.parse_args(argv)
        assert "--ec-iw-ds-m" in e.value.render("en")


@given(seed=st.integers(min_value=-(2**40), max_value=2**40))
def test_seed_option_through_the_parser(seed):
    argv = ["economics", "--region", "kyzylorda", "--systems", "alfalfa-sole", f"--seed={seed}"]
    if 0 <= seed < 2**32:
        assert PARSER.parse_args(argv).seed == seed
    else:
        with pytest.raises(CommandLineError):
            PARSER.parse_args(argv)


def test_bounded_messages_in_three_languages():
    from zhassyl.i18n import language

    for lang, unit in (("en", "dS/m"), ("ru", "дСм/м"), ("kk", "дСм/м")):
        with language(lang), pytest.raises(argparse.ArgumentTypeError) as e:
            validate.EC_IW_DS_M("-1")
        assert f"0..60 {unit}" in str(e.value) and "-1" in str(e.value)


#: Numeric options once checked after parsing (or not at all), now bounded by the parser.
ECONOMICS = ["economics", "--region", "kyzylorda", "--systems", "alfalfa-sole"]
CARBON = ["carbon", "--region", "kyzylorda", "--systems", "alfalfa-sole"]
PARSED_OPTIONS = [
    (ECONOMICS, "--discount-rate", "discount_rate", validate.RATE_FRACTION),
    (ECONOMICS, "--area-ha", "area_ha", validate.AREA_HA),
    (ECONOMICS, "--loan-amount-kzt", "loan_amount_kzt", validate.MONEY_KZT),
    (ECONOMICS, "--runs", "runs", validate.RUNS),
    (ECONOMICS, "--members", "members", validate.COUNT),
    (ECONOMICS, "--years", "years", validate.YEARS),
    (ECONOMICS, "--start-year", "start_year", validate.CALENDAR_YEAR),
    (CARBON, "--years", "years", validate.YEARS),
    (CARBON, "--horizon", "horizon", validate.YEARS),
    (CARBON, "--clay", "clay", validate.CLAY_PCT),
    (CARBON, "--soc", "soc", validate.SOC_T_C_HA),
    (["calibrate", "--seed", "1"], "--field", "field", validate.ROW_ID),
    (["bench", "engine"], "--fields", "fields", validate.FIELDS),
    (["bench", "engine"], "--chunk", "chunk", validate.COUNT),
]


def test_every_numeric_option_is_bounded():
    """No numeric option of any command is a plain int or float any more."""
    plain = []

    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action.choices, dict):
                for name, sub in action.choices.items():
                    walk(sub, (*path, name))
            elif action.type in (int, float):
                plain.append((" ".join(path), action.option_strings))

    walk(PARSER, ())
    assert plain == []


@pytest.mark.parametrize("argv, option, dest, bound", PARSED_OPTIONS,
                         ids=[f"{a[0]} {o}" for a, o, _d, _b in PARSED_OPTIONS])
@given(x=st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(2**40), 2**40))
@settings(max_examples=60, deadline=None)
def test_option_refused_by_the_parser_before_anything_runs(argv, option, dest, bound, x):
    """Out-of-bounds, NaN, infinite (and, for counts, fractional) values: a usage error
    naming the option while parsing (e.g. --discount-rate -2 before any simulation)."""
    text = repr(x)
    try:
        expected = bound.kind(text)
        ok = bound.accepts(expected)
    except ValueError:
        ok = False
    if ok:
        assert getattr(PARSER.parse_args([*argv, f"{option}={text}"]), dest) == expected
    else:
        with pytest.raises(CommandLineError) as e:
            PARSER.parse_args([*argv, f"{option}={text}"])
        assert option in e.value.render("en")
