"""``--irrigation`` of ``zhassyl simulate`` and ``zhassyl compare`` (docs/scenario.md).

The method replaces the compared systems' own irrigation by a method of
``data/irrigation/methods.csv``.  Brouwer et al. (1989, FAO Irrigation Water
Management Training Manual 4, ch. 4) give field application efficiencies of
75 % for sprinkler and 90 % for drip, and FAO-56 Table 20 wets 0.3-0.4 of the
surface under drip against the whole surface under sprinkler: on the same
field and weather drip must draw less gross irrigation than sprinkler.
"""

from __future__ import annotations

import json

import pytest

from zhassyl.cli import main
from zhassyl.cli.farming_common import IRRIGATION_METHODS
from zhassyl.farming.systems import irrigation_methods

FIELD = ["--region", "kyzylorda", "--years", "2", "--seed", "3", "--format", "json"]


def _gross_m3_ha(capsys, argv) -> dict:
    assert main(argv) == 0
    out = capsys.readouterr()
    rows = json.loads(out.out)
    return {(r["system"], r["year"]): r["irrigation_m3_ha"] for r in rows}, out.err


def test_choices_are_the_methods_of_the_data_file():
    assert set(IRRIGATION_METHODS) == set(irrigation_methods())


def test_simulate_drip_draws_less_than_sprinkler(capsys):
    argv = ["simulate", "--system", "alfalfa-sole", *FIELD]
    drip, err = _gross_m3_ha(capsys, [*argv, "--irrigation", "drip"])
    assert "irrigation_method=drip (given)" in err
    sprinkler, err = _gross_m3_ha(capsys, [*argv, "--irrigation", "sprinkler"])
    assert "irrigation_method=sprinkler (given)" in err
    assert drip.keys() == sprinkler.keys() and len(drip) == 2
    for key in drip:
        assert 0 < drip[key] < sprinkler[key], key


def test_compare_applies_the_method_to_the_systems_not_the_baseline(capsys):
    argv = ["compare", "--systems", "alfalfa-sole", "--baseline", "wheat-furrow", *FIELD]
    drip, _err = _gross_m3_ha(capsys, [*argv, "--irrigation", "drip"])
    own, _err = _gross_m3_ha(capsys, argv)
    for year in (1, 2):
        assert drip[("wheat-furrow", year)] == own[("wheat-furrow", year)]
        assert drip[("alfalfa-sole", year)] < own[("alfalfa-sole", year)]


@pytest.mark.parametrize("command", [["simulate", "--system", "alfalfa-sole"],
                                     ["compare", "--systems", "alfalfa-sole"]])
def test_unknown_method_exits_2_naming_it(command, capsys):
    assert main([*command, *FIELD, "--irrigation", "mist"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.strip().splitlines()
    assert "Traceback" not in out.err
    assert "--irrigation" in lines[0] and "'mist'" in lines[0] and "drip" in lines[0]
    # the second line only points to --help
    assert len(lines) <= 2 and "--help" in lines[-1]


def test_the_printed_sources_speak_the_users_language(capsys, monkeypatch):
    from zhassyl.i18n import gettext

    monkeypatch.setenv("ZHASSYL_LANG", "kk")
    _rows, err = _gross_m3_ha(capsys, ["simulate", "--system", "alfalfa-sole", *FIELD,
                                       "--irrigation", "drip"])
    assert f"irrigation_method=drip ({gettext('given', 'kk')})" in err
    assert "(given)" not in err and "(default)" not in err
