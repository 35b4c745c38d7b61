"""The impact report as an XLSX workbook (openpyxl): raw numbers, one sheet per section."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title[:31])
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_safe(v) for v in row])
    for col in ws.columns:
        width = max(len(str(c.value)) if c.value is not None else 0 for c in col)
        ws.column_dimensions[col[0].column_letter].width = min(max(10, width + 2), 60)


def _safe(v):
    """Cells as values; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") and not _is_number(v):
        return "'" + v
    return v


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def impact_xlsx(data: dict) -> bytes:
    """The workbook bytes of the report ``data`` (:func:`zhassyl.report.impact.report_data`)."""
    w = data["words"]
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "KPIs", ["kpi", w["figure"], w["value"], w["unit"], "p10", "p90",
                        w["provenance"], "level", w["evidence"]],
           [[k["kpi"], k["label"], k["value"], k["unit"], k["p10"], k["p90"], k["provenance"],
             k["level"], k["evidence"]] for k in data["kpis"]])
    _sheet(wb, "Claims", ["claim", w["claim"], "indicator", w["reported"], w["verdict"],
                          w["explanation"]],
           [[c["claim"], c["text"], c["indicator"], c["reported"], c["verdict"],
             c["explanation"]] for c in data["claims"]])
    total = data["sdg_total"] or {}
    _sheet(wb, "SDG", ["sdg", "target", "text", "kpi"],
           [[t["sdg"], t["target"], t["target_text"], t["kpi"]] for t in data["sdg_targets"]])
    _sheet(wb, "SDG 15.3.1", ["field_id", "region", "area_ha", "trajectory", "state",
                              "performance", "productivity", "land_cover", "soc", "status",
                              "note"],
           [[u["field_id"], u["region"], u["area_ha"], u["trajectory"], u["state"],
             u["performance"], u["productivity"], u["land_cover"], u["soc"], u["status"],
             u["note"]] for u in data["sdg_fields"]]
           + [[], ["total", None, None, None, None, None, None, None, None, None, None]]
           + [[k, None, v] for k, v in total.items()])
    money = data["money"]
    if money:
        rec = money["reconciliation"]
        _sheet(wb, "Money", ["grant_id", w["grant"], w["currency"], w["received"],
                             w["disbursed"], w["committed"], w["balance"], "difference",
                             w["reconciles"]],
               [[r["grant_id"], r["donor"], r["currency"], r["received"], r["disbursed"],
                 r["committed"], r["balance"], r["difference"], r["reconciles"]] for r in rec])
        _sheet(wb, "Flags", ["flag", "disbursement_id", "grant_id", "detail"],
               [[f["flag"], f["disbursement_id"], f["grant_id"], f["detail"]]
                for f in money["flags"]])
        _sheet(wb, "Cost-effectiveness", ["per", "kpi_value", "unit", "kzt_per_unit",
                                          "usd_per_unit", "paid_kzt", "paid_usd", "note"],
               [[r["per"], r["kpi_value"], r["unit"], r["kzt_per_unit"], r["usd_per_unit"],
                 r["paid_kzt"], r["paid_usd"], r["note"]] for r in money["cost_effectiveness"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
