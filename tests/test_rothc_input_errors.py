"""Bad RothC input files give clear errors naming the line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhassyl.carbon.rothc import read_rothc_input
from zhassyl.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "rothc-example"


def _lines():
    # The reference layout: 3 header lines, 'clay depth iom nsteps' (line 4), its values
    # (line 5), a units line (6), the monthly header (7), monthly rows from line 8.
    return [
        "example input", "clay and depth only once", " (%) (cm) (t C/ha) (-)",
        "clay\tdepth\tiom\tnsteps", "13.0\t25.0\t3.0041\t24",
        "(-) (-) (%) (C) (mm) (mm) (t C/ha) (t C/ha) (-) (-)",
        "year month modern Tmp Rain Evap C_inp FYM PC DPM_RPM",
    ] + [f"{1 + i // 12}\t{1 + i % 12}\t100\t5.0\t50.0\t30.0\t0.2\t0\t1\t1.44"
         for i in range(24)]


def _write(tmp_path, lines):
    p = tmp_path / "RothC_input.dat"
    p.write_text("\n".join(lines) + "\n")
    return p


def _problems(path):
    with pytest.raises(InputError) as e:
        read_rothc_input(path)
    return e.value.problems


def test_valid_file_reads(tmp_path):
    data = read_rothc_input(_write(tmp_path, _lines()))
    assert data.n_steps == 24 and data.clay_pct == 13.0


def test_reference_example_passes_the_new_order_check():
    assert read_rothc_input(EXAMPLE / "RothC_input.dat").n_steps == 840


@pytest.mark.parametrize("clay", ["-1", "100.5", "250"])
def test_clay_outside_0_100(tmp_path, clay):
    lines = _lines()
    lines[4] = f"{clay}\t25.0\t3.0041\t24"
    (p,) = _problems(_write(tmp_path, lines))
    assert (p.row, p.column) == (5, "clay")
    assert "outside [0.0, 100.0]" in p.message


def test_negative_inputs_name_line_and_column(tmp_path):
    lines = _lines()
    lines[9] = "1\t3\t100\t5.0\t50.0\t30.0\t-0.2\t0\t1\t1.44"   # line 10: C input
    lines[12] = "1\t6\t100\t5.0\t-4.0\t30.0\t0.2\t-1\t1\t1.44"  # line 13: rain and FYM
    problems = _problems(_write(tmp_path, lines))
    found = {(p.row, p.column) for p in problems}
    assert found == {(10, "c_inp"), (13, "rain"), (13, "fym")}
    assert all(str(p).startswith(str(tmp_path)) and "row" in str(p) for p in problems)


def test_months_out_of_order(tmp_path):
    lines = _lines()
    lines[9], lines[10] = lines[10], lines[9]  # month 4 before month 3 (lines 10, 11)
    problems = _problems(_write(tmp_path, lines))
    assert problems[0].row == 10 and problems[0].column == "month"
    assert "out of order" in problems[0].message
    assert "expected month 3" in problems[0].message


def test_year_going_back_is_out_of_order(tmp_path):
    lines = _lines()
    lines[19] = "1\t1\t100\t5.0\t50.0\t30.0\t0.2\t0\t1\t1.44"  # line 20: year 1 again
    problems = _problems(_write(tmp_path, lines))
    assert [p.row for p in problems][:1] == [20]


def test_year_jump_after_december_is_allowed(tmp_path):
    # the reference jumps from the equilibrium year 1 to 1939
    lines = _lines()
    lines[19:] = [line.replace("2\t", "1939\t", 1) for line in lines[19:]]
    assert read_rothc_input(_write(tmp_path, lines)).forcing.year[-1] == 1939


def test_month_outside_1_12(tmp_path):
    lines = _lines()
    lines[8] = "1\t13\t100\t5.0\t50.0\t30.0\t0.2\t0\t1\t1.44"
    problems = _problems(_write(tmp_path, lines))
    assert (9, "month") in {(p.row, p.column) for p in problems}


@pytest.mark.parametrize("row", ["1\t1\t100\t5.0\t50.0\t30.0\t0.2\t0\t1",
                                 "1\t1\t100\t5.0\t50.0\t30.0\t0.2\t0\t1\t1.44\t7"])
def test_wrong_column_count(tmp_path, row):
    lines = _lines()
    lines[7] = row  # line 8
    problems = _problems(_write(tmp_path, lines))
    assert problems[0].row == 8
    assert "expected 10 values" in problems[0].message


def test_wrong_site_column_count(tmp_path):
    lines = _lines()
    lines[4] = "13.0\t25.0\t3.0041"
    (p,) = _problems(_write(tmp_path, lines))
    assert p.row == 5 and "expected 4 values" in p.message


def test_not_a_number_and_bad_cover(tmp_path):
    lines = _lines()
    lines[7] = "1\t1\t100\twarm\t50.0\t30.0\t0.2\t0\t0.5\t1.44"
    found = {(p.row, p.column) for p in _problems(_write(tmp_path, lines))}
    assert {(8, "tmp"), (8, "pc")} <= found


def test_too_few_rows_for_nsteps(tmp_path):
    lines = _lines()[:-3]
    (p,) = _problems(_write(tmp_path, lines))
    assert p.row is None and "nsteps is 24" in p.message


def test_wrong_monthly_header(tmp_path):
    lines = _lines()
    lines[6] = "year month modern Tmp Rain Evap C_inp FYM PC"
    (p,) = _problems(_write(tmp_path, lines))
    assert p.row == 7 and "monthly columns" in p.message
