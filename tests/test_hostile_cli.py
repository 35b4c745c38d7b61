"""The hostile user (issue 18): every command, run as a user would, under bad invocations.

Each case runs ``python -m zhassyl`` in a subprocess against a demo registry and
asserts: the documented exit code, no traceback, a message of at most three
lines naming the culprit, no partial output file, and an unchanged registry
(checksum of every row).  Cases named ``defect_*`` are the defects the issue
lists; the generated cases try every bounded numeric option of every command
with a wrong type, NaN, and values just outside its bounds.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from zhassyl.cli.validate import Bounded
from zhassyl.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
UNREACHABLE_PG = "postgresql+psycopg://zhassyl@127.0.0.1:1/nowhere"

USAGE, INPUT, PERMISSION, UNAVAILABLE = (int(ExitCode.USAGE), int(ExitCode.INPUT),
                                         int(ExitCode.PERMISSION), int(ExitCode.UNAVAILABLE))


def _drop_file_capabilities() -> None:  # pragma: no cover - runs in the child
    """As root, drop CAP_DAC_OVERRIDE/READ_SEARCH so file permissions apply (prctl)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_honour_permissions() -> bool:
    if os.geteuid() != 0:
        return True
    try:
        done = subprocess.run([sys.executable, "-c", "pass"],
                              preexec_fn=_drop_file_capabilities, capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def run_zhassyl(args, world, env=None, input_text="", timeout=600, permissions=False):
    """Run ``python -m zhassyl ARGS`` as a user would (English, the world's registry)."""
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith("ZHASSYL_") and k not in ("LANG", "LANGUAGE", "LC_ALL")}
    full_env.update({"PYTHONPATH": str(SRC), "ZHASSYL_HOME": str(world["home"]),
                     "ZHASSYL_LANG": "en", "COLUMNS": "250"})
    full_env.update(env or {})
    preexec = _drop_file_capabilities if permissions and os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-m", "zhassyl", *args], env=full_env,
                          cwd=world["tmp"], input=input_text, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=preexec)


def registry_checksum(home: Path) -> str:
    from zhassyl.registry.backup import checksum
    from zhassyl.registry.db import connect

    registry = connect(f"sqlite:///{home / 'zhassyl.db'}")
    try:
        return checksum(registry.engine)
    finally:
        registry.engine.dispose()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    home = tmp / "home"
    w = {"tmp": tmp, "home": home}
    done = run_zhassyl(["db", "init", "--demo"], w)
    assert done.returncode == 0, done.stderr
    done = run_zhassyl(["weather", "generate", "--region", "kyzylorda", "--years", "1",
                        "-o", str(tmp / "w1.csv")], w)
    assert done.returncode == 0, done.stderr
    (tmp / "afolder").mkdir()
    ro = tmp / "readonly"
    ro.mkdir()
    ro.chmod(0o555)
    secret = tmp / "unreadable.csv"
    secret.write_text((tmp / "w1.csv").read_text())
    secret.chmod(0o000)
    (tmp / "bad.csv").write_text("date,tmax_c,tmin_c,precip_mm\n2024-05-01,10,12,0\n")
    (tmp / "empty.csv").write_text("")
    (tmp / "many.csv").write_text("date,tmax_c,tmin_c,precip_mm\n" + "".join(
        f"2024-05-{d:02d},10,12,0\n" for d in range(1, 11)))
    (tmp / "not-a-backup.db").write_text("hello")
    (tmp / "regions.csv").write_text("id,code,name\n99,atlantis,Atlantis\n")
    typo = (SRC / "zhassyl/data/systems/alfalfa-sole.toml").read_text().replace(
        "trigger_pct_taw = 45", "trigger_pct_taww = 45")
    (tmp / "typo.toml").write_text(typo)
    (tmp / "fields.csv").write_text("field_id,region,system,area_ha\n1,kyzylorda,alfalfa-sole,2\n")
    (tmp / "broken.toml").write_text("id = [unclosed\n")
    green = (SRC / "zhassyl/data/systems/green-cover-alfalfa.toml").read_text()
    changed = green.replace("sowing_irrigation_m3_ha = 350", "sowing_irrigation_m3_ha = 600")
    assert changed != green
    (tmp / "same-id.toml").write_text(changed)  # a packaged id on a changed file
    (tmp / "mine.toml").write_text(changed.replace('id = "green-cover-alfalfa"',
                                                   'id = "my-cover"'))
    (tmp / "mine-too.toml").write_text(green.replace('id = "green-cover-alfalfa"',
                                                     'id = "my-cover"'))
    (tmp / "sorghum.toml").write_text(green.replace('id = "green-cover-alfalfa"',
                                                    'id = "sorghum-cover"').replace(
        'crop = "barley"', 'crop = "sorghum"'))
    (tmp / "claims-bad.csv").write_text("claim_id,text\n1,hello\n")
    yield w
    ro.chmod(0o755)
    secret.chmod(0o644)


@dataclass(frozen=True)
class Case:
    """One bad invocation: arguments, expected exit code, text the message must contain."""

    id: str
    args: tuple[str, ...]
    code: int
    culprit: str
    env: dict = field(default_factory=dict)
    permissions: bool = False


SIM = ("--region", "kyzylorda")
CASES = [
    # --- tracebacks on ordinary mistakes (issue 18) ---------------------------------------
    *[Case(f"defect_output_into_missing_folder[{' '.join(a[:2])}]", (*a, "-o", "/no/such/x.csv"),
           INPUT, "/no/such")
      for a in [("compare", "--systems", "alfalfa-sole", *SIM),
                ("simulate", "--system", "alfalfa-sole", *SIM),
                ("economics", "--systems", "alfalfa-sole", *SIM),
                ("carbon", "--systems", "alfalfa-sole", *SIM),
                ("weather", "regions"), ("weather", "generate", "--region", "kyzylorda"),
                ("et0", "{tmp}/w1.csv", "--lat", "45", "--elevation", "100"),
                ("rothc", "{tmp}/missing.dat"), ("aquacrop", "{tmp}/missing.PRM"),
                ("db", "audit"), ("db", "summary"), ("farms", "list"), ("bench", "engine"),
                ("demo", "--no-registry", "--no-systems")]],
    Case("defect_daily_into_missing_folder", ("simulate", "--system", "alfalfa-sole", *SIM,
                                              "--daily", "/no/such/d.csv"), INPUT, "/no/such"),
    Case("defect_unreachable_postgresql", ("farms", "list", "--database-url", UNREACHABLE_PG),
         UNAVAILABLE, "127.0.0.1"),
    Case("defect_unreachable_postgresql_db_init", ("db", "init", "--database-url",
                                                   UNREACHABLE_PG), UNAVAILABLE, "127.0.0.1"),
    Case("defect_unreachable_postgresql_backup", ("db", "backup", "{tmp}/b.db", "--database-url",
                                                  UNREACHABLE_PG), UNAVAILABLE, "127.0.0.1"),
    Case("defect_unsupported_url_scheme", ("farms", "list", "--database-url", "mysql://u@h/db"),
         USAGE, "mysql"),
    Case("defect_unsupported_url_scheme_nonsense", ("db", "summary", "--database-url",
                                                    "nonsense"), USAGE, "nonsense"),
    Case("defect_unsupported_url_scheme_env", ("farms", "list"), USAGE, "foo",
         env={"ZHASSYL_DATABASE_URL": "foo://bar"}),
    Case("defect_non_numeric_max_import_bytes", ("db", "import", "{tmp}/regions.csv",
                                                 "--dry-run"),
         USAGE, "ZHASSYL_MAX_IMPORT_BYTES", env={"ZHASSYL_MAX_IMPORT_BYTES": "ten"}),
    Case("defect_negative_max_import_bytes", ("db", "import", "{tmp}/regions.csv"),
         USAGE, "ZHASSYL_MAX_IMPORT_BYTES", env={"ZHASSYL_MAX_IMPORT_BYTES": "-5"}),
    Case("defect_db_migrate_unknown_revision", ("db", "migrate", "nosuchrev"), USAGE,
         "nosuchrev"),
    Case("defect_economics_negative_seed", ("economics", "--region", "kyzylorda", "--systems",
                                            "alfalfa-sole", "--seed", "-1"), USAGE, "--seed"),
    Case("defect_db_backup_into_folder", ("db", "backup", "{tmp}/afolder"), INPUT, "afolder"),
    # --- silently wrong answers ----------------------------------------------------------
    Case("defect_negative_irrigation_salinity", ("simulate", "--system", "alfalfa-sole", *SIM,
                                                 "--ec-iw-ds-m", "-1"), USAGE, "--ec-iw-ds-m"),
    Case("defect_nan_irrigation_salinity", ("compare", "--systems", "alfalfa-sole", *SIM,
                                            "--ec-iw-ds-m", "nan"), USAGE, "--ec-iw-ds-m"),
    Case("defect_unknown_system_toml_key", ("simulate", "--system", "{tmp}/typo.toml", *SIM),
         INPUT, "did you mean 'trigger_pct_taw'"),
    Case("defect_fields_with_daily", ("simulate", "--fields", "{tmp}/fields.csv", "--daily",
                                      "{tmp}/d.csv"), USAGE, "--daily"),
    Case("defect_farms_show_other_farm_id_option", ("farms", "show", "2", "--farm-id", "5"),
         USAGE, "farmer"),
    Case("defect_farms_show_farmer_other_farm", ("farms", "show", "2", "--role", "farmer",
                                                 "--farm-id", "1"), INPUT, "2"),
    Case("defect_unknown_farm_id", ("farms", "list", "--role", "farmer", "--farm-id", "999"),
         USAGE, "999"),
    Case("defect_unknown_region", ("farms", "list", "--region", "atlantis"), INPUT, "atlantis"),
    Case("defect_unknown_audit_table", ("db", "audit", "--table", "nosuch"), INPUT, "nosuch"),
    # --- the record and its trail --------------------------------------------------------
    Case("defect_viewer_db_init", ("db", "init", "--role", "viewer"), PERMISSION, "viewer"),
    Case("defect_viewer_db_migrate", ("db", "migrate", "--role", "viewer"), PERMISSION,
         "viewer"),
    # --- more a hostile user tries -------------------------------------------------------
    Case("unknown_command", ("frobnicate",), USAGE, "frobnicate"),
    Case("unknown_option", ("compare", "--systems", "alfalfa-sole", *SIM, "--colour", "red"),
         USAGE, "--colour"),
    Case("missing_required_option", ("compare", "--region", "kyzylorda"), USAGE, "--systems"),
    Case("bad_choice", ("compare", "--systems", "alfalfa-sole", *SIM, "--format", "xml"), USAGE,
         "xml"),
    Case("bad_irrigation_method", ("simulate", "--system", "alfalfa-sole", *SIM,
                                   "--irrigation", "mist"), USAGE, "--irrigation"),
    Case("bad_irrigation_method_compare", ("compare", "--systems", "alfalfa-sole", *SIM,
                                           "--irrigation", "Drip"), USAGE, "Drip"),
    Case("unknown_region_simulate", ("simulate", "--system", "alfalfa-sole", "--region",
                                     "atlantis"), INPUT, "atlantis"),
    Case("unknown_system", ("compare", "--systems", "alfalfa-solo", *SIM), INPUT, "alfalfa-solo"),
    Case("broken_system_toml", ("compare", "--systems", "{tmp}/broken.toml", *SIM), INPUT,
         "broken.toml"),
    Case("missing_system_toml", ("compare", "--systems", "{tmp}/nothere.toml", *SIM), INPUT,
         "nothere.toml"),
    Case("unknown_soil", ("simulate", "--system", "alfalfa-sole", *SIM, "--soil", "peat"), INPUT,
         "peat"),
    Case("missing_weather_file", ("simulate", "--system", "alfalfa-sole", *SIM, "--weather",
                                  "{tmp}/nothere.csv"), INPUT, "nothere.csv"),
    Case("weather_file_too_short", ("simulate", "--system", "alfalfa-sole", *SIM, "--weather",
                                    "{tmp}/w1.csv", "--years", "2"), INPUT, "w1.csv"),
    Case("weather_file_with_many_bad_rows", ("simulate", "--system", "alfalfa-sole", *SIM,
                                             "--weather", "{tmp}/many.csv", "--years", "1"),
         INPUT, "many.csv, row 2"),
    Case("missing_fields_file", ("simulate", "--fields", "{tmp}/nothere.csv"), INPUT,
         "nothere.csv"),
    Case("weather_check_missing", ("weather", "check", "{tmp}/nothere.csv"), INPUT,
         "nothere.csv"),
    Case("weather_check_folder", ("weather", "check", "{tmp}/afolder"), INPUT, "afolder"),
    Case("weather_check_empty", ("weather", "check", "{tmp}/empty.csv"), INPUT, "empty.csv"),
    Case("weather_check_bad_row", ("weather", "check", "{tmp}/bad.csv"), INPUT, "row 2"),
    Case("weather_check_unreadable", ("weather", "check", "{tmp}/unreadable.csv"), PERMISSION,
         "unreadable.csv", permissions=True),
    *[Case(f"unreadable_input[{a[0]}]", a, PERMISSION, "unreadable.csv", permissions=True)
      for a in [("et0", "{tmp}/unreadable.csv", "--lat", "45", "--elevation", "100"),
                ("rothc", "{tmp}/unreadable.csv"),
                ("simulate", "--system", "alfalfa-sole", *SIM, "--weather",
                 "{tmp}/unreadable.csv"),
                ("db", "import", "{tmp}/unreadable.csv", "--table", "regions")]],
    Case("et0_missing_file", ("et0", "{tmp}/nothere.csv", "--lat", "45", "--elevation", "100"),
         INPUT, "nothere.csv"),
    Case("et0_missing_lat", ("et0", "{tmp}/w1.csv", "--elevation", "100"), USAGE, "--lat"),
    Case("rothc_missing_file", ("rothc", "{tmp}/nothere.dat"), INPUT, "nothere.dat"),
    Case("rothc_folder", ("rothc", "{tmp}/afolder"), INPUT, "afolder"),
    Case("rothc_garbage", ("rothc", "{tmp}/bad.csv"), INPUT, "bad.csv"),
    Case("aquacrop_missing_project", ("aquacrop", "{tmp}/nothere.PRM"), INPUT, "nothere.PRM"),
    Case("generate_region_and_fit", ("weather", "generate", "--region", "kyzylorda", "--fit",
                                     "{tmp}/w1.csv"), INPUT, "--fit"),
    Case("generate_unknown_region", ("weather", "generate", "--region", "atlantis"), INPUT,
         "atlantis"),
    Case("output_is_folder", ("weather", "regions", "-o", "{tmp}/afolder"), INPUT, "afolder"),
    Case("output_in_readonly_folder", ("weather", "regions", "-o", "{tmp}/readonly/r.csv"),
         PERMISSION, "readonly", permissions=True),
    Case("backup_in_readonly_folder", ("db", "backup", "{tmp}/readonly/b.db"), PERMISSION,
         "readonly", permissions=True),
    Case("export_in_readonly_folder", ("db", "export", "{tmp}/readonly/out"), PERMISSION,
         "readonly", permissions=True),
    Case("import_missing_file", ("db", "import", "{tmp}/nothere.csv"), INPUT, "nothere.csv"),
    Case("import_unknown_table", ("db", "import", "{tmp}/bad.csv", "--table", "nosuch"), INPUT,
         "nosuch"),
    Case("restore_not_a_backup", ("db", "restore", "{tmp}/not-a-backup.db", "--yes"), INPUT,
         "not-a-backup.db"),
    Case("restore_missing_backup", ("db", "restore", "{tmp}/nothere.db", "--yes"), INPUT,
         "nothere.db"),
    Case("restore_as_staff", ("db", "restore", "{tmp}/nothere.db", "--role", "staff"),
         PERMISSION, "staff"),
    Case("audit_as_farmer", ("db", "audit", "--role", "farmer", "--farm-id", "1"), PERMISSION,
         "farmer"),
    Case("unknown_role", ("farms", "list", "--role", "king"), USAGE, "king"),
    Case("unknown_role_env", ("farms", "list"), USAGE, "king", env={"ZHASSYL_ROLE": "king"}),
    Case("home_is_a_file", ("farms", "list"), USAGE, "ZHASSYL_HOME",
         env={"ZHASSYL_HOME": "{tmp}/bad.csv"}),
    Case("database_in_unwritable_place", ("farms", "list", "--database-url",
                                          "sqlite:///{tmp}/readonly/sub/x.db"), USAGE,
         "readonly", permissions=True),
    Case("farmer_without_farm", ("farms", "list", "--role", "farmer"), USAGE, "farmer"),
    Case("farms_show_unknown", ("farms", "show", "999"), INPUT, "999"),
    Case("farms_show_not_a_number", ("farms", "show", "two"), USAGE, "two"),
    Case("db_file_is_not_a_database", ("farms", "list", "--database-url",
                                       "sqlite:///{tmp}/bad.csv"), INPUT, "bad.csv"),
    Case("db_not_initialised", ("farms", "list", "--database-url",
                                "sqlite:///{tmp}/afolder/new.db"), INPUT, "db init"),
    Case("demo_years_out_of_range", ("demo", "--years", "0"), USAGE, "--years"),
    # --- one system vocabulary (issue 18 item 4): a file may not pass for a packaged system
    *[Case(f"defect_system_toml_with_a_packaged_id[{a[0]}]", a, INPUT, "same-id.toml")
      for a in [("simulate", "--system", "{tmp}/same-id.toml", *SIM),
                ("compare", "--systems", "{tmp}/same-id.toml", *SIM),
                ("economics", "--systems", "{tmp}/same-id.toml", *SIM, "--runs", "1"),
                ("carbon", "--systems", "{tmp}/same-id.toml", *SIM)]],
    *[Case(f"defect_two_system_files_one_id[{a[0]}]", a, INPUT, "my-cover")
      for a in [("compare", "--systems", "{tmp}/mine.toml,{tmp}/mine-too.toml", *SIM),
                ("economics", "--systems", "{tmp}/mine.toml,{tmp}/mine-too.toml", *SIM),
                ("carbon", "--systems", "{tmp}/mine.toml", "--baseline", "{tmp}/mine-too.toml",
                 *SIM)]],
    Case("defect_economics_system_without_prices", ("economics", "--systems",
                                                    "{tmp}/sorghum.toml", *SIM, "--years", "1",
                                                    "--runs", "1"), INPUT, "seed_sorghum"),
    Case("defect_economics_broken_system_toml", ("economics", "--systems", "{tmp}/broken.toml",
                                                 *SIM), INPUT, "broken.toml"),
    Case("defect_carbon_broken_baseline_toml", ("carbon", "--systems", "alfalfa-sole",
                                                "--baseline", "{tmp}/broken.toml", *SIM), INPUT,
         "broken.toml"),
    # --- options refused by the shared bounded validators, before any simulation ----------
    Case("defect_discount_rate_negative", ("economics", "--systems", "alfalfa-sole", *SIM,
                                           "--discount-rate", "-2"), USAGE, "--discount-rate"),
    Case("defect_area_nan", ("economics", "--systems", "alfalfa-sole", *SIM, "--area-ha", "nan"),
         USAGE, "--area-ha"),
    Case("defect_carbon_clay_over_100", ("carbon", "--systems", "alfalfa-sole", *SIM, "--clay",
                                         "120"), USAGE, "--clay"),
    Case("defect_carbon_horizon_zero", ("carbon", "--systems", "alfalfa-sole", *SIM,
                                        "--horizon", "0"), USAGE, "--horizon"),
    Case("defect_bench_fields_zero", ("bench", "engine", "--fields", "0"), USAGE, "--fields"),
    Case("defect_calibrate_field_not_a_number", ("calibrate", "--field", "abc"), USAGE,
         "--field"),
    # --- --daily - is standard output -----------------------------------------------------
    Case("defect_daily_dash_with_summary_on_stdout", ("simulate", "--system", "alfalfa-sole",
                                                      *SIM, "--daily", "-"), USAGE, "--daily"),
    Case("bench_output_into_readonly_folder", ("bench", "engine", "-o", "{tmp}/readonly/b.txt"),
         PERMISSION, "readonly", permissions=True),
    # --- the recent commands: impact, claims, report, calibrate ---------------------------
    Case("impact_unknown_region", ("impact", "--region", "atlantis"), INPUT, "atlantis"),
    Case("impact_bad_period", ("impact", "--period", "abc"), INPUT, "--period"),
    Case("defect_impact_period_without_records", ("impact", "--period", "2099"), INPUT,
         "2099"),
    Case("report_period_without_records", ("report", "impact", "-o", "{tmp}/r.html",
                                           "--period", "2099"), INPUT, "2099"),
    Case("impact_period_reversed", ("impact", "--period", "2017-2013"), INPUT, "2017-2013"),
    Case("impact_output_into_missing_folder", ("impact", "-o", "/no/such/k.csv"), INPUT,
         "/no/such"),
    Case("impact_output_in_readonly_folder", ("impact", "-o", "{tmp}/readonly/k.csv"),
         PERMISSION, "readonly", permissions=True),
    Case("impact_explain_unknown_kpi", ("impact", "explain", "nosuchkpi"), INPUT, "nosuchkpi"),
    Case("impact_explain_unknown_region", ("impact", "explain", "water_saved_m3", "--region",
                                           "atlantis"), INPUT, "atlantis"),
    Case("impact_sdg_bad_baseline", ("impact", "sdg", "--baseline", "abc", "--reporting",
                                     "2015-2017"), INPUT, "--baseline"),
    Case("impact_sdg_unknown_region", ("impact", "sdg", "--baseline", "2014", "--reporting",
                                       "2015-2017", "--region", "atlantis"), INPUT, "atlantis"),
    Case("impact_sdg_missing_reporting", ("impact", "sdg", "--baseline", "2014"), USAGE,
         "--reporting"),
    Case("impact_ledger_unknown_region", ("impact", "ledger", "--region", "atlantis"), INPUT,
         "atlantis"),
    Case("impact_unreachable_postgresql", ("impact", "--database-url", UNREACHABLE_PG),
         UNAVAILABLE, "127.0.0.1"),
    Case("claims_missing_file", ("claims", "check", "{tmp}/nothere.csv"), INPUT, "nothere.csv"),
    Case("claims_folder", ("claims", "check", "{tmp}/afolder"), INPUT, "afolder"),
    Case("claims_unreadable", ("claims", "check", "{tmp}/unreadable.csv"), PERMISSION,
         "unreadable.csv", permissions=True),
    Case("claims_neither_file_nor_case_study", ("claims", "check"), INPUT, "--case-study"),
    Case("claims_bad_columns", ("claims", "check", "{tmp}/claims-bad.csv"), INPUT,
         "claims-bad.csv"),
    Case("claims_output_into_missing_folder", ("claims", "check", "--case-study", "-o",
                                               "/no/such/c.csv"), INPUT, "/no/such"),
    Case("report_output_into_missing_folder", ("report", "impact", "-o", "/no/such/r.html"),
         INPUT, "/no/such"),
    Case("report_output_in_readonly_folder", ("report", "impact", "-o", "{tmp}/readonly/r.html"),
         PERMISSION, "readonly", permissions=True),
    Case("report_output_is_folder", ("report", "impact", "-o", "{tmp}/afolder"), INPUT,
         "afolder"),
    Case("report_unknown_region", ("report", "impact", "-o", "{tmp}/r.html", "--region",
                                   "atlantis"), INPUT, "atlantis"),
    Case("report_bad_period", ("report", "impact", "-o", "{tmp}/r.html", "--period", "bad"),
         INPUT, "--period"),
    Case("report_missing_output", ("report", "impact"), USAGE, "-o"),
    Case("report_bad_lang", ("report", "impact", "-o", "{tmp}/r.html", "--lang", "fr"), USAGE,
         "fr"),
    Case("calibrate_unknown_field", ("calibrate", "--field", "999"), INPUT, "999"),
    Case("calibrate_unknown_region", ("calibrate", "--region", "atlantis"), INPUT, "atlantis"),
    Case("calibrate_field_and_region", ("calibrate", "--field", "1", "--region", "kyzylorda"),
         USAGE, "--region"),
    Case("calibrate_output_into_missing_folder", ("calibrate", "--field", "1", "-o",
                                                  "/no/such/c.csv"), INPUT, "/no/such"),
    Case("calibrate_as_viewer", ("calibrate", "--field", "1", "--role", "viewer"), PERMISSION,
         "viewer"),
]


def _bounded_option_cases() -> list[Case]:
    """Wrong type, NaN and out-of-bounds values for every bounded numeric option."""
    from zhassyl.cli import build_parser

    required = {"compare": ("--systems", "alfalfa-sole", *SIM),
                "simulate": ("--system", "alfalfa-sole", *SIM),
                "economics": ("--systems", "alfalfa-sole", *SIM),
                "carbon": ("--systems", "alfalfa-sole", *SIM),
                "et0": ("{tmp}/w1.csv", "--lat", "45", "--elevation", "100"),
                "weather generate": ("--region", "kyzylorda"),
                "farms show": ("1",), "db audit": ()}
    cases = []

    def walk(parser, path):
        for action in parser._actions:
            if action.choices and isinstance(action.choices, dict):
                for name, sub in action.choices.items():
                    walk(sub, (*path, name))
            if not isinstance(action.type, Bounded) or not action.option_strings:
                continue
            command = " ".join(path)
            base = required.get(command, ())
            option = action.option_strings[-1]
            b = action.type
            bad = ["abc", "nan", "inf"]
            if b.low is not None:
                bad.append(str(b.low - (1 if b.kind is int else 0.001 * max(1, abs(b.low)))))
            if b.high is not None:
                bad.append(str(b.high + (1 if b.kind is int else 0.001 * max(1, abs(b.high)))))
            if b.kind is int:
                bad.append("1.5")
            for value in bad:
                cases.append(Case(f"bounds[{command} {option} {value}]",
                                  (*path, *base, option, value), USAGE, option))

    walk(build_parser(), ())
    return cases


BOUNDS_CASES = _bounded_option_cases()
ALL_CASES = CASES + BOUNDS_CASES


@pytest.mark.parametrize("case", BOUNDS_CASES, ids=[c.id for c in BOUNDS_CASES])
def test_bounded_option_refused(case, world, capsys):
    """Refused while parsing, before anything runs: checked in-process (fast), like main."""
    from zhassyl.cli import main

    args = [a.format(tmp=world["tmp"]) for a in case.args]
    assert main(args) == case.code
    err = capsys.readouterr().err
    assert "Traceback" not in err and case.culprit in err
    assert 1 <= len(err.strip().splitlines()) <= 3, err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_invocation(case, world):
    if case.permissions and not _can_honour_permissions():
        pytest.skip("running as root without CAP_SETPCAP: file permissions cannot apply")
    before = registry_checksum(world["home"])
    args = [a.format(tmp=world["tmp"]) for a in case.args]
    env = {k: v.format(tmp=world["tmp"]) for k, v in case.env.items()}
    done = run_zhassyl(args, world, env=env, permissions=case.permissions)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == case.code, (done.returncode, done.stderr)
    if case.code:
        lines = [line for line in done.stderr.splitlines() if line.strip()
                 and not line.startswith("warning:")]
        assert 1 <= len(lines) <= 3, done.stderr
        assert case.culprit.format(tmp=world["tmp"]) in done.stderr, done.stderr
    assert registry_checksum(world["home"]) == before
    assert not list(Path(world["tmp"]).rglob("*.part"))


def test_every_command_is_in_the_corpus():
    from zhassyl.cli import COMMAND_MODULES

    tried = {c.args[0] for c in ALL_CASES}
    assert set(COMMAND_MODULES) <= tried, set(COMMAND_MODULES) - tried


# --- defects that need more than one invocation ------------------------------------------


def test_weather_check_lists_every_problem(world):
    done = run_zhassyl(["weather", "check", str(world["tmp"] / "many.csv")], world)
    assert done.returncode == INPUT
    assert done.stderr.count("is greater than tmax_c") == 10  # its purpose: show all


def test_defect_db_audit_json_and_csv(world):
    out = world["tmp"] / "audit.json"
    done = run_zhassyl(["db", "audit", "--format", "json", "-o", str(out), "--limit", "5"], world)
    assert done.returncode == 0, done.stderr
    entries = json.loads(out.read_text())
    assert len(entries) == 5 and entries[0]["at"][:4].isdigit()
    csv_out = world["tmp"] / "audit.csv"
    done = run_zhassyl(["db", "audit", "-o", str(csv_out), "--limit", "3"], world)
    assert done.returncode == 0, done.stderr
    assert csv_out.read_text().splitlines()[0].startswith("id,at,actor,role,action")


def test_defect_output_format_from_extension_and_dash(world):
    out = world["tmp"] / "regions.json"
    assert run_zhassyl(["weather", "regions", "-o", str(out)], world).returncode == 0
    assert len(json.loads(out.read_text())) == 7
    csv_path = world["tmp"] / "regions-out.csv"
    assert run_zhassyl(["weather", "regions", "-o", str(csv_path)], world).returncode == 0
    assert csv_path.read_text().startswith("region,station,wmo_id")
    done = run_zhassyl(["weather", "regions", "-o", "-", "--format", "csv"], world)
    assert done.returncode == 0 and done.stdout.startswith("region,station,")
    assert not (world["tmp"] / "-").exists()
    txt = world["tmp"] / "regions.csv.txt"
    assert run_zhassyl(["weather", "regions", "-o", str(txt), "--format", "csv"],
                       world).returncode == 0
    assert txt.read_text().startswith("region,station,")  # --format wins over the extension


def test_defect_tables_fit_the_terminal(world):
    narrow = run_zhassyl(["weather", "regions"], world, env={"COLUMNS": "80"})
    assert narrow.returncode == 0
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    assert "--wide" in narrow.stderr and "source" in narrow.stderr
    wide = run_zhassyl(["weather", "regions", "--wide"], world, env={"COLUMNS": "80"})
    assert wide.stdout.splitlines()[0].split()[-1] == "source"


def test_defect_demo_refuses_a_real_registry(world, tmp_path):
    home = tmp_path / "real"
    w = {**world, "home": home}
    assert run_zhassyl(["db", "init"], w).returncode == 0
    assert run_zhassyl(["db", "import", str(world["tmp"] / "regions.csv")], w).returncode == 0
    before = registry_checksum(home)
    done = run_zhassyl(["demo", "--no-systems", "--years", "1"], w)
    assert done.returncode == INPUT and "not the demo programme" in done.stderr
    assert "Traceback" not in done.stderr
    assert registry_checksum(home) == before
    # a demo registry is reused, and an empty one is seeded
    assert run_zhassyl(["demo", "--no-systems", "--years", "1"], world).returncode == 0


def test_defect_restore_round_trip(world, tmp_path):
    """Restore asks first; a refusal changes nothing; a restore keeps a copy and is recorded."""
    home = tmp_path / "home"
    w = {**world, "home": home}
    assert run_zhassyl(["db", "init", "--demo"], w).returncode == 0
    backup = tmp_path / "before.db"
    assert run_zhassyl(["db", "backup", str(backup)], w).returncode == 0
    assert run_zhassyl(["db", "import", str(world["tmp"] / "regions.csv")], w).returncode == 0
    changed = registry_checksum(home)
    # refused confirmation (and no answer at all): nothing changes
    for answer in ("n\n", ""):
        done = run_zhassyl(["db", "restore", str(backup)], w, input_text=answer)
        assert done.returncode == INPUT and "cancelled" in done.stderr, done.stderr
        assert "1 audit entries written after the backup" in done.stderr
        assert registry_checksum(home) == changed
    assert not list(home.glob("*.replaced-*"))
    # confirmed
    done = run_zhassyl(["db", "restore", str(backup)], w, input_text="y\n")
    assert done.returncode == 0, done.stderr
    kept = list(home.glob("zhassyl.replaced-*.db"))
    assert len(kept) == 1 and "kept in" in done.stdout
    from zhassyl.registry.db import connect

    assert registry_checksum(home) != changed
    copy = connect(f"sqlite:///{kept[0]}")
    from zhassyl.registry.backup import checksum

    assert checksum(copy.engine) == changed  # the replaced database, intact
    audit = json.loads(run_zhassyl(["db", "audit", "--table", "database", "--format", "json"],
                                   w).stdout)
    assert len(audit) == 1 and audit[0]["action"] == "restore"
    old, new = json.loads(audit[0]["old_values"]), json.loads(audit[0]["new_values"])
    assert old["audit_rows_not_carried_over"] == 1  # the audit entry of the imported region
    assert new["backup"] == str(backup.resolve()) and len(new["sha256"]) == 64
    assert old["replaced_copy"] == str(kept[0].resolve())


def test_defect_ctrl_c_during_a_run(world):
    out = world["tmp"] / "interrupted.csv"
    env = {**os.environ, "PYTHONPATH": str(SRC), "ZHASSYL_HOME": str(world["home"]),
           "ZHASSYL_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "zhassyl", "weather", "generate", "--region",
                             "kyzylorda", "--years", "3000", "-o", str(out)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == int(ExitCode.INTERRUPTED), err
    assert "Traceback" not in err and "interrupted" in err
    assert not out.exists() and not list(world["tmp"].glob(".interrupted.csv.*"))


def test_compile_notice_printed_once_on_a_cache_miss():
    import io

    import numba

    from zhassyl.cli.compile_notice import compile_notice

    stream = io.StringIO()
    with compile_notice(stream):
        @numba.njit(cache=False)
        def twice(x):
            return 2 * x

        assert twice(2) == 4
        assert twice(2.5) == 5.0  # a second compilation: still one notice
    assert stream.getvalue().count("compiling the engine") == 1
    stream = io.StringIO()
    with compile_notice(stream):
        assert twice(3) == 6  # already compiled: no notice
    assert stream.getvalue() == ""


def test_defect_weather_check_warns_about_units(world, tmp_path):
    rows = ["date,tmax_c,tmin_c,precip_mm,wind_m_s,rs_mj_m2"]
    for day in range(1, 21):  # °F, tenths of mm, km/h, and W/m² (a winter month)
        rows.append(f"2024-01-{day:02d},{30 + day % 9},{10 + day % 7},{(day % 3) * 40},"
                    f"{12 + day % 10},{38 + day % 8}")
    path = tmp_path / "units.csv"
    path.write_text("\n".join(rows) + "\n")
    done = run_zhassyl(["weather", "check", str(path)], world)
    assert done.returncode == 0
    assert "no problems found" not in done.stdout
    assert "Fahrenheit" in done.stderr and "tenths" in done.stderr and "km/h" in done.stderr
    assert "W/m²" in done.stderr
    assert "median tmin_c is 13" in done.stderr  # the evidence


def test_defect_measured_weather_of_exactly_the_asked_years(world):
    done = run_zhassyl(["simulate", "--system", "alfalfa-sole", "--region", "kyzylorda",
                        "--weather", str(world["tmp"] / "w1.csv"), "--years", "1",
                        "--format", "json"], world)
    assert done.returncode == 0, done.stderr
    assert [r["year"] for r in json.loads(done.stdout)] == [1]


def test_argparse_texts_in_russian_and_kazakh(world):
    for lang, word in (("ru", "ошибка"), ("kk", "қате")):
        done = run_zhassyl(["compare", "--region", "kyzylorda"], world,
                           env={"ZHASSYL_LANG": lang})
        assert done.returncode == USAGE
        assert word in done.stderr and "the following arguments" not in done.stderr
        helped = run_zhassyl(["compare", "--help"], world, env={"ZHASSYL_LANG": lang})
        assert "show this help message" not in helped.stdout
        assert "usage:" not in helped.stdout


def test_defect_ru_kk_output_no_longer_english(world):
    """Headers, yes/no, "row N, column" and argparse texts in the user's language."""
    for lang, station, no, row in (("ru", "станция", "нет", "строка 2"),
                                   ("kk", "станция", "жоқ", "2-жол")):
        done = run_zhassyl(["weather", "regions", "--wide"], world, env={"ZHASSYL_LANG": lang})
        header = done.stdout.splitlines()[0]
        assert station in header and "lat_deg" not in header
        assert f" {no} " in done.stdout and "False" not in done.stdout
        bad = run_zhassyl(["weather", "check", str(world["tmp"] / "bad.csv")], world,
                          env={"ZHASSYL_LANG": lang})
        assert row in bad.stderr and "row 2" not in bad.stderr
    csv_out = run_zhassyl(["weather", "regions", "--format", "csv"], world,
                          env={"ZHASSYL_LANG": "kk"})
    assert csv_out.stdout.startswith("region,station,wmo_id")  # machine formats keep ids


def test_defect_system_toml_works_everywhere(world):
    """A copy of green-cover-alfalfa.toml, renamed and with its sowing irrigation changed,
    is one system under its own id in simulate, compare, economics and carbon alike
    (it was "unknown system" in economics and broke carbon as the baseline)."""
    mine = str(world["tmp"] / "mine.toml")
    common = ["--region", "kyzylorda", "--years", "2", "--format", "json"]

    def run_json(*args):
        done = run_zhassyl([*args, *common], world)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return json.loads(done.stdout)

    sim = run_json("simulate", "--system", mine)
    assert {r["system"] for r in sim} == {"my-cover"}
    rows = run_json("compare", "--systems", f"{mine},green-cover-alfalfa", "--baseline", mine)
    by = {(r["system"], r["year"]): r for r in rows}
    assert {r["baseline"] for r in rows} == {"my-cover"}
    assert by[("my-cover", 1)]["role"] == "system"
    # the changed value counts: 600 instead of 350 m3/ha of sowing irrigation in year 1
    assert by[("my-cover", 1)]["irrigation_m3_ha"] > by[("green-cover-alfalfa", 1)][
        "irrigation_m3_ha"]
    assert [r["system"] for r in rows if r["year"] == 1][0] == "my-cover"  # baseline first
    assert sim[0]["hay_t_ha"] == by[("my-cover", 1)]["hay_t_ha"]
    money = run_json("economics", "--systems", f"{mine},alfalfa-sole", "--baseline", mine,
                     "--runs", "2")
    assert {r["system"] for r in money} == {"my-cover", "alfalfa-sole"}
    assert {r["baseline"] for r in money} == {"my-cover"}
    carbon = run_json("carbon", "--systems", f"{mine},alfalfa-sole", "--baseline", mine)
    assert {r["system"] for r in carbon} == {"my-cover", "alfalfa-sole"}
    assert {r["baseline"] for r in carbon} == {"my-cover"}
    listed_first = run_json("carbon", "--systems", f"{mine},alfalfa-sole")
    assert {r["system"] for r in listed_first} == {"my-cover", "alfalfa-sole", "rice-flood"}


def test_defect_daily_dash_is_standard_output(world):
    summary = world["tmp"] / "summary.csv"
    done = run_zhassyl(["simulate", "--system", "alfalfa-sole", "--region", "kyzylorda",
                        "--years", "1", "--daily", "-", "-o", str(summary)], world)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("date,canopy_cover,") and len(lines) >= 366
    assert summary.read_text().startswith("role,system,year,")
    assert not (world["tmp"] / "-").exists()
    assert not list(Path(world["tmp"]).rglob("*.part"))


def test_defect_bench_output_written_atomically(world):
    out = world["tmp"] / "bench.txt"
    done = run_zhassyl(["bench", "engine", "--fields", "2", "--years", "1", "--quiet",
                        "-o", str(out)], world)
    assert done.returncode == 0, done.stderr
    assert out.read_text().rstrip().splitlines()[-1].startswith("field_days_per_s: ")
    assert done.stdout == "" and not list(Path(world["tmp"]).rglob("*.part"))


def test_defect_format_help_says_the_real_default():
    from zhassyl.cli import build_parser

    def helps(parser, path=()):
        for action in parser._actions:
            if isinstance(action.choices, dict):
                for name, sub in action.choices.items():
                    yield from helps(sub, (*path, name))
            elif "--format" in action.option_strings:
                yield " ".join(path), action.help

    found = dict(helps(build_parser()))
    assert {"compare", "simulate", "economics", "carbon", "impact", "report impact",
            "calibrate", "claims check", "bench engine"} <= set(found)
    for command, text in found.items():
        assert "extension of -o" in text, (command, text)
    assert found["compare"].endswith("else table)")
    assert found["report impact"].endswith("else html)") and ".pdf pdf" in found["report impact"]
