"""Regenerate the bad-input corpus in ``bad/`` and its manifest ``cases.csv``.

Each case is one input file (or directory) with one defect; ``cases.csv`` names
the table, the line and column the error must point at and a fragment of the
message.  Usage: ``.venv/bin/python tests/data/registry/make_corpus.py``.
"""

import csv
import json
import os
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
H = ("id,community_id,cooperative_id,head_person_id,name,household_size,head_gender,size_ha,"
     "irrigated_ha")
G = "1001,1,,1,Good farm,4,female,10,8"
F = "id,farm_id,name,geometry,declared_area_ha,soil_texture,water_source"
S = "id,field_id,sampled_on,depth_cm,soc_pct,ece_ds_m,ph"
SQ = [[66, 44], [66.003, 44], [66.003, 44.003], [66, 44.003], [66, 44]]
cases = []


def w(name, text, table, line, col, frag, binary=False):
    path = HERE / "bad" / name
    if binary:
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    cases.append((name.split(".")[0], f"bad/{name}", table, line, col, frag))


def farm(name, row, line=3, col="", frag=""):
    w(f"{name}.csv", f"{H}\n{G}\n{row}\n", "farms", line, col, frag)


def poly(ring):
    return '"' + json.dumps({"type": "Polygon", "coordinates": [ring]}).replace('"', '""') + '"'


def main():
    (HERE / "bad").mkdir(exist_ok=True)
    farm("wrong_type_integer", "1002,1,,2,F,four,male,10,8", col="household_size",
         frag="whole number")
    farm("wrong_type_number", "1002,1,,2,F,4,male,ten,8", col="size_ha", frag="expected a number")
    farm("fraction_in_integer", "1002,1,,2,F,4.5,male,10,8", col="household_size",
         frag="whole number")
    farm("bad_choice", "1002,1,,2,F,4,x,10,8", col="head_gender", frag="is not one of")
    farm("unknown_community", "1002,999,,2,F,4,male,10,8", col="community_id",
         frag="does not exist")
    farm("missing_required_value", "1002,1,,2,,4,male,10,8", col="name",
         frag="required value is missing")
    w("missing_required_column.csv",
      "id,community_id,household_size,head_gender,size_ha,irrigated_ha\n1002,1,4,male,10,8\n",
      "farms", 1, "name", "required column is missing")
    w("unknown_column.csv", H + ",colour\n1002,1,,2,F,4,male,10,8,red\n", "farms", 1, "colour",
      "unknown column")
    w("duplicate_header.csv", H + ",name\n1002,1,,2,F,4,male,10,8,G\n", "farms", 1, "name",
      "appears twice")
    farm("duplicate_id_in_file", "1001,1,,2,F,4,male,10,8", col="id", frag="duplicate id 1001")
    farm("duplicate_id_in_database", "1,1,,2,F,4,male,10,8", col="id", frag="already exists")
    farm("formula_equals", '1002,1,,2,"=HYPERLINK(""http://x"",""y"")",4,male,10,8', col="name",
         frag="formula injection")
    farm("formula_plus", "1002,1,,2,+cmd|' /C calc'!A0,4,male,10,8", col="name",
         frag="formula injection")
    farm("formula_at", "1002,1,,2,@SUM(A1:A9),4,male,10,8", col="name", frag="formula injection")
    farm("formula_minus", "1002,1,,2,-2+3+cmd,4,male,10,8", col="name", frag="formula injection")
    farm("formula_tab", "1002,1,,2,\t=1+1,4,male,10,8", col="name", frag="formula injection")
    farm("irrigated_exceeds_size", "1002,1,,2,F,4,male,10,18", col="irrigated_ha", frag="exceeds")
    farm("negative_area", "1002,1,,2,F,4,male,-10,0", col="size_ha", frag="outside")
    farm("not_a_number", "1002,1,,2,F,4,male,nan,0", col="size_ha", frag="finite")
    farm("wrong_cell_count", "1002,1,,2,F,4,male", col="", frag="expected 9 cells")
    w("wrong_encoding.csv", (H + "\n1002,1,,2,Farm \xc4lem,4,male,10,8\n").encode("latin-1"),
      "farms", 2, "", "not UTF-8", binary=True)
    w("nul_bytes.csv", (H + "\n1002,1,,2,F\x00,4,male,10,8\n").encode(), "farms", 2, "", "NUL",
      binary=True)
    w("empty.csv", "", "farms", "", "", "empty")
    w("oversize.csv", H + "\n" + "".join(
        f"{2000 + i},1,,2,Farm {i} padding padding padding,4,male,10,8\n" for i in range(500)),
      "farms", "", "", "too large")
    w("unknown_region.csv", "id,region_id,name,founding\n1001,99,Nowhere,false\n", "communities",
      2, "region_id", "regions id 99")
    w("bad_boolean.csv", "id,region_id,name,founding\n1001,1,X,perhaps\n", "communities", 2,
      "founding", "true or false")
    w("future_date.csv", f"{S}\n5001,1,2999-01-01,30,1.0,5,8\n", "soil_samples", 2, "sampled_on",
      "in the future")
    w("bad_date_format.csv", f"{S}\n5001,1,01/02/2018,30,1.0,5,8\n", "soil_samples", 2,
      "sampled_on", "YYYY-MM-DD")
    w("ph_out_of_range.csv", f"{S}\n5001,1,2018-01-02,30,1.0,5,15\n", "soil_samples", 2, "ph",
      "outside")
    w("open_polygon.csv", f"{F}\n9001,1,F,{poly(SQ[:-1])},7,loam,canal\n", "fields", 2,
      "geometry", "not closed")
    bowtie = [[66, 44], [66.003, 44.003], [66.003, 44], [66, 44.003], [66, 44]]
    w("self_intersecting_polygon.csv", f"{F}\n9001,1,F,{poly(bowtie)},3,loam,canal\n", "fields",
      2, "geometry", "intersects itself")
    w("area_mismatch.csv", f"{F}\n9001,1,F,{poly(SQ)},12,loam,canal\n", "fields", 2, "geometry",
      "differs from the declared")
    w("geometry_not_json.csv", f"{F}\n9001,1,F,POLYGON((66 44)),7,loam,canal\n", "fields", 2,
      "geometry", "not valid JSON")
    w("geometry_not_polygon.csv",
      f'{F}\n9001,1,F,"{{""type"":""Point"",""coordinates"":[66,44]}}",7,loam,canal\n',
      "fields", 2, "geometry", "GeoJSON Polygon")
    far = [[66, 94], [66.003, 94], [66.003, 94.003], [66, 94]]
    w("coordinates_out_of_range.csv", f"{F}\n9001,1,F,{poly(far)},7,loam,canal\n", "fields", 2,
      "geometry", "out of WGS84")
    w("bad_soil_texture.csv", f"{F}\n9001,1,F,{poly(SQ)},7.9,mud,canal\n", "fields", 2,
      "soil_texture", "is not one of")
    fc = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {
            "id": 9001, "farm_id": 1, "name": "F", "declared_area_ha": 7,
            "soil_texture": "loam", "water_source": "canal"},
        "geometry": {"type": "Polygon", "coordinates": [SQ[:-1]]}}]}
    w("open_polygon.geojson", json.dumps(fc), "fields", 1, "geometry", "not closed")
    w("not_a_feature_collection.geojson", json.dumps({"type": "Polygon", "coordinates": [SQ]}),
      "fields", "", "", "FeatureCollection")
    w("unknown_vulnerable_tag.csv", "id,community_id,full_name,gender,age_group,vulnerable_tags\n"
      "3001,1,P,female,youth,youth;martian\n", "people", 2, "vulnerable_tags", "unknown tag")
    w("job_ends_before_start.csv", "id,person_id,kind,started_on,ended_on\n"
      "3001,1,seasonal,2017-05-01,2017-01-01\n", "jobs", 2, "ended_on", "before the start")
    w("beneficiaries_exceed_total.csv",
      "id,title,submitter_kind,community_id,submitted_on,support_requested,requested_kzt,"
      "beneficiaries_total,beneficiaries_women,beneficiaries_youth,beneficiaries_elderly,"
      "beneficiaries_vulnerable,status\n3001,T,community,1,2017-01-01,seed,1000,5,9,0,0,0,"
      "submitted\n", "proposals", 2, "beneficiaries_women", "more than the total")
    w("duplicate_region_code.csv", "id,code,name\n100,almaty,Almaty again\n", "regions", 2,
      "code", "already exists in the database")
    w("duplicate_season_in_file.csv",
      "id,field_id,year,management_system,crops,irrigation_method,tillage\n"
      "7001,1,2019,fallow,none,none,none\n7002,1,2019,fallow,none,none,none\n", "seasons", 3,
      "field_id", "duplicate value")
    d = HERE / "bad" / "partial_dir"
    d.mkdir(exist_ok=True)
    (d / "farms.csv").write_text(f"{H}\n{G}\n")
    (d / "fields.csv").write_text(f"{F}\n9001,1001,F,{poly(SQ[:-1])},7,loam,canal\n")
    cases.append(("partial_dir", "bad/partial_dir", "", 2, "geometry", "not closed"))
    wb = Workbook()
    ws = wb.active
    ws.title = "farms"
    ws.append(H.split(","))
    ws.append([1002, 1, None, 2, "=1+1", 4, "male", 10, 8])
    wb.save(HERE / "bad" / "formula.xlsx")
    cases.append(("formula_xlsx", "bad/formula.xlsx", "", 2, "name", "formula injection"))
    wb = Workbook()
    wb.active.title = "tractors"
    wb.active.append(["id"])
    wb.save(HERE / "bad" / "unknown_sheet.xlsx")
    cases.append(("unknown_sheet", "bad/unknown_sheet.xlsx", "", "", "", "does not name a table"))
    (HERE / "bad" / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    cases.append(("corrupt_xlsx", "bad/corrupt.xlsx", "", "", "", "not a readable XLSX"))
    with open(HERE / "cases.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["case", "path", "table", "line", "column", "message"])
        out.writerows(cases)
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    os.chdir(HERE)
    main()
