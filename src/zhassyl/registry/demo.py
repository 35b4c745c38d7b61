"""A synthetic demonstration programme shaped like the case study (clearly labelled).

``zhassyl db init --demo`` seeds it so that every screen and report has
something real-looking to show.  **Every name and number is invented**; only the
shape follows the UNDP Equator Initiative case study of Zhassyl Azyk: seven
regions, five founding communities (in the Almaty, Turkistan, Kyzylorda and
Mangystau regions), about 30 farms whose fields total 183 ha, 58 women among
the participants, trainings and demonstrations with more than 370 attendees,
more than 200 jobs, and proposals in every status.  The ``meta`` table
records ``dataset = synthetic-demo`` and the farm and community names say
"(synthetic)".
"""

from __future__ import annotations

import datetime as dt
import math
import random

from sqlalchemy.orm import Session

from zhassyl.registry import models as m
from zhassyl.registry.geometry import canonical_geometry, geodesic_area_ha
from zhassyl.registry.importexport import import_batch
from zhassyl.registry.policy import Actor

LABEL = "SYNTHETIC DEMO DATA - invented for demonstration, not real programme records"

#: Region code, display name, (lat, lon) of an irrigated area, two districts.
REGIONS = (
    ("akmola", "Akmola", (51.60, 71.10), ("Tselinograd", "Shortandy")),
    ("almaty", "Almaty", (44.20, 77.90), ("Balkhash", "Karasay")),
    ("east-kazakhstan", "East Kazakhstan", (49.90, 82.50), ("Ulan", "Glubokoye")),
    ("turkistan", "Turkistan", (40.90, 68.40), ("Maktaaral", "Shardara")),
    ("karaganda", "Karaganda", (49.80, 73.20), ("Bukhar-Zhyrau", "Abay")),
    ("kyzylorda", "Kyzylorda", (44.80, 65.50), ("Syrdarya", "Zhalagash")),
    ("mangystau", "Mangystau", (43.60, 51.30), ("Munaily", "Tupkaragan")),
)
#: Community: region code, district index, founding?, number of farms.
COMMUNITIES = (
    ("Atameken (synthetic)", "turkistan", 0, True, 6),
    ("Zhana Zhol (synthetic)", "turkistan", 1, True, 5),
    ("Ak Bidai (synthetic)", "almaty", 0, True, 5),
    ("Syr Zhagasy (synthetic)", "kyzylorda", 0, True, 5),
    ("Kaspiy Zhagasy (synthetic)", "mangystau", 0, True, 4),
    ("Esil Dala (synthetic)", "akmola", 0, False, 2),
    ("Ertis (synthetic)", "east-kazakhstan", 0, False, 2),
    ("Nura (synthetic)", "karaganda", 0, False, 1),
)
TOTAL_AREA_HA = 183.0
N_PEOPLE = 160
N_WOMEN = 58
GREEN_COVER = ("barley", "oats", "safflower", "rapeseed", "sunflower", "sorghum",
               "sudan-grass", "mohar")


def _rectangle(lat: float, lon: float, area_ha: float, aspect: float) -> list:
    """A closed lon/lat rectangle with the given geodesic area (within 1 m2)."""
    dlat = 0.001
    dlon = dlat * aspect
    for _ in range(3):  # area is quadratic in the size: rescale until exact
        ring = [(lon, lat), (lon + dlon, lat), (lon + dlon, lat + dlat), (lon, lat + dlat),
                (lon, lat)]
        ring = [(round(x, 7), round(y, 7)) for x, y in ring]
        scale = math.sqrt(area_ha / geodesic_area_ha([ring]))
        dlat, dlon = dlat * scale, dlon * scale
    return [[(round(x, 7), round(y, 7)) for x, y in ring]]


def build(seed: int = 2017) -> dict[str, list[dict]]:
    """The demo programme as rows per table (deterministic for a given ``seed``)."""
    rnd = random.Random(seed)
    t: dict[str, list[dict]] = {name: [] for name in ("meta", *m.TABLE_ORDER)}
    t["meta"] = [{"key": "dataset", "value": "synthetic-demo"},
                 {"key": "label", "value": LABEL}]
    centre = {}
    for i, (code, name, latlon, districts) in enumerate(REGIONS, start=1):
        t["regions"].append({"id": i, "code": code, "name": name})
        centre[code] = (i, latlon)
        for k, d in enumerate(districts):
            t["districts"].append({"id": 2 * i - 1 + k, "region_id": i, "name": d})
    for c, (name, code, d, founding, _n) in enumerate(COMMUNITIES, start=1):
        rid = centre[code][0]
        t["communities"].append({
            "id": c, "region_id": rid, "district_id": 2 * rid - 1 + d, "name": name,
            "founding": founding, "joined_on": dt.date(2008 if founding else 2016, 3, 1)})
    for k, c in enumerate((1, 3, 4), start=1):
        t["cooperatives"].append({"id": k, "community_id": c,
                                  "name": f"Demo cooperative {k} (synthetic)",
                                  "registered_on": dt.date(2015, 5, k)})
    # people: exactly N_WOMEN women
    genders = ["female"] * N_WOMEN + ["male"] * (N_PEOPLE - N_WOMEN)
    rnd.shuffle(genders)
    community_of_farm = [c for c, row in enumerate(COMMUNITIES, start=1) for _ in range(row[4])]
    for p in range(1, N_PEOPLE + 1):
        age = rnd.choices(("youth", "adult", "elderly"), weights=(3, 6, 2))[0]
        tags = [age] if age != "adult" else []
        if rnd.random() < 0.08:
            tags.append("repatriate")
        community = (community_of_farm[p - 1] if p <= len(community_of_farm)
                     else rnd.randint(1, len(COMMUNITIES)))
        t["people"].append({
            "id": p, "community_id": community, "full_name": f"Participant {p:03d} (synthetic)",
            "gender": genders[p - 1], "age_group": age,
            "vulnerable_tags": ";".join(tags) or None, "phone": None})
    # farms and fields: field areas sum to exactly TOTAL_AREA_HA
    n_farms = len(community_of_farm)
    n_fields_of = [1 + (f % 3 == 0) for f in range(n_farms)]
    raw = [rnd.uniform(2.0, 8.0) for _ in range(sum(n_fields_of))]
    raw[0] = 5.0  # the first experiment was a 5-hectare farm
    rest = TOTAL_AREA_HA - 5.0
    areas = [5.0] + [round(a * rest / sum(raw[1:]), 2) for a in raw[1:]]
    areas[-1] = round(TOTAL_AREA_HA - sum(areas[:-1]), 2)
    field_id = 0
    for f in range(1, n_farms + 1):
        community = community_of_farm[f - 1]
        code = COMMUNITIES[community - 1][1]
        lat, lon = centre[code][1]
        farm_fields = []
        for k in range(n_fields_of[f - 1]):
            field_id += 1
            area = areas[field_id - 1]
            rings = _rectangle(lat + 0.01 * f, lon + 0.012 * k + 0.003 * f, area,
                               aspect=rnd.uniform(1.0, 2.5))
            farm_fields.append(area)
            t["fields"].append({
                "id": field_id, "farm_id": f, "name": f"Field {f:02d}-{k + 1}",
                "geometry": canonical_geometry(rings), "declared_area_ha": area,
                "soil_texture": rnd.choice(("loam", "silt-loam", "clay-loam", "sandy-loam")),
                "ece_initial_ds_m": round(rnd.uniform(6.0, 14.0), 1),
                "soc_initial_pct": round(rnd.uniform(0.5, 1.1), 2),
                "water_source": rnd.choice(("canal", "canal", "river", "well"))})
        irrigated = round(sum(farm_fields), 2)
        t["farms"].append({
            "id": f, "community_id": community,
            "cooperative_id": {1: 1, 3: 2, 4: 3}.get(community),
            "head_person_id": f, "name": f"Demo farm {f:02d} (synthetic)",
            "household_size": rnd.randint(3, 9), "head_gender": genders[f - 1],
            "size_ha": round(irrigated + rnd.uniform(0.0, 6.0), 2), "irrigated_ha": irrigated})
        if t["farms"][-1]["cooperative_id"]:
            t["cooperative_members"].append({
                "id": len(t["cooperative_members"]) + 1,
                "cooperative_id": t["farms"][-1]["cooperative_id"], "person_id": f,
                "farm_id": f, "joined_on": dt.date(2015, 6, 1)})
    # seasons and observations: rice or wheat baseline, then alfalfa under green cover
    ids = {k: 0 for k in ("seasons", "soil_samples", "yield_measurements", "water_readings")}

    def add(table, row):
        ids[table] += 1
        t[table].append({"id": ids[table], **row})

    for fld in t["fields"]:
        fid = fld["id"]
        ece, soc = fld["ece_initial_ds_m"], fld["soc_initial_pct"]
        meter = 0.0
        for year in range(2014, 2018):
            baseline = year == 2014
            cover = rnd.choice(GREEN_COVER)
            if baseline:
                practice = rnd.choice(("rice-flood", "wheat-furrow"))
                before = "rice" if practice == "rice-flood" else "wheat"
            add("seasons", {
                "field_id": fid, "year": year,
                "management_system": practice if baseline else "green-cover-alfalfa",
                "crops": before if baseline else f"alfalfa;{cover}",
                "sowing_date": dt.date(year, 4, rnd.randint(5, 25)),
                "seeding_rate_kg_ha": 180.0 if baseline else 10.0,
                "irrigation_method": ("flood" if practice == "rice-flood" else "furrow")
                if baseline else "sprinkler",
                "tillage": "conventional" if baseline else "minimal"})
            add("soil_samples", {"field_id": fid, "sampled_on": dt.date(year, 4, 1),
                                 "depth_cm": 30.0, "soc_pct": round(soc, 2),
                                 "ece_ds_m": round(ece, 1), "ph": round(rnd.uniform(7.6, 8.4), 1)})
            ece *= rnd.uniform(0.68, 0.8)
            soc *= rnd.uniform(1.04, 1.09)
            cuts = 1 if baseline else 3
            for cut in range(1, cuts + 1):
                add("yield_measurements", {
                    "field_id": fid, "measured_on": dt.date(year, 6 + cut, 10),
                    "crop": before if baseline else "alfalfa", "cut_number": cut,
                    "yield_t_ha": round(rnd.uniform(2.0, 3.5) * (1 if baseline else
                                                                 0.8 + 0.25 * (year - 2014)), 2)})
            for month in (5, 7, 9):
                meter += fld["declared_area_ha"] * rnd.uniform(900, 1500) * (
                    1.8 if baseline else 1.0)
                add("water_readings", {"field_id": fid, "read_on": dt.date(year, month, 28),
                                       "meter_m3": round(meter, 1)})
    for farm in t["farms"]:
        base = round(rnd.uniform(900_000, 2_500_000), -3)
        t["income_surveys"] += [
            {"id": 2 * farm["id"] - 1, "farm_id": farm["id"], "surveyed_on": dt.date(2014, 11, 15),
             "phase": "baseline", "net_income_kzt": base},
            {"id": 2 * farm["id"], "farm_id": farm["id"], "surveyed_on": dt.date(2017, 11, 15),
             "phase": "follow-up", "net_income_kzt": round(base * rnd.uniform(1.15, 1.3), -3)}]
    # trainings: 14 events, linked attendees plus counted ones, 376 in all
    kinds = ("seminar", "field-demonstration", "training")
    linked_total = 0
    for k in range(1, 15):
        region_code = REGIONS[(k - 1) % 7][0]
        year = 2014 + (k - 1) // 4
        people = rnd.sample(range(1, N_PEOPLE + 1), 8)
        linked_total += len(people)
        women, men = (9, 11) if k <= 12 else (10, 12)
        t["trainings"].append({
            "id": k, "region_id": centre[region_code][0], "kind": kinds[k % 3],
            "held_on": dt.date(year, 3 + (k % 6), 12), "place": f"Demo site {k} (synthetic)",
            "topic": "alfalfa under green cover: minimal tillage, 10 kg/ha, 45 cm rows",
            "counted_women": women, "counted_men": men,
            "counted_youth": 5, "counted_elderly": 3})
        for p in people:
            t["training_attendees"].append({"id": len(t["training_attendees"]) + 1,
                                            "training_id": k, "person_id": p})
    # jobs: one for every participant and a second seasonal one for 44 of them (204)
    for p in range(1, N_PEOPLE + 1):
        t["jobs"].append({"id": p, "person_id": p, "farm_id": (p - 1) % n_farms + 1,
                          "kind": rnd.choice(("permanent", "seasonal", "self-employed")),
                          "started_on": dt.date(2015, rnd.randint(1, 12), 1), "ended_on": None})
    for k, p in enumerate(rnd.sample(range(1, N_PEOPLE + 1), 44), start=N_PEOPLE + 1):
        t["jobs"].append({"id": k, "person_id": p, "farm_id": (p - 1) % n_farms + 1,
                          "kind": "seasonal", "started_on": dt.date(2016, 4, 1),
                          "ended_on": dt.date(2016, 10, 31)})
    for k, (criterion, weight, text) in enumerate((
            ("women", 3.0, "share of beneficiaries who are women"),
            ("youth", 2.0, "share of beneficiaries who are young people"),
            ("elderly", 2.0, "share of beneficiaries who are elderly"),
            ("vulnerable", 3.0, "share of beneficiaries from other vulnerable groups")),
            start=1):
        t["equity_weights"].append({"id": k, "criterion": criterion, "weight": weight,
                                    "description": text})
    submitters = ("farmer", "community", "local-government")
    for k in range(1, 13):
        status = m.PROPOSAL_STATUSES[(k - 1) % len(m.PROPOSAL_STATUSES)]
        total = rnd.randint(5, 60)
        kind = submitters[k % 3]
        farm_id = k if kind == "farmer" else None
        community = community_of_farm[k - 1]
        decided = status in ("approved", "rejected")
        t["proposals"].append({
            "id": k, "title": f"Demo proposal {k}: sprinkler and alfalfa seed (synthetic)",
            "submitter_kind": kind, "farm_id": farm_id, "community_id": community,
            "submitted_on": dt.date(2016 + k % 3, 2, k), "support_requested":
                "sprinkler set, alfalfa and cover-crop seed, training",
            "requested_kzt": float(rnd.randint(8, 60) * 100_000),
            "beneficiaries_total": total, "beneficiaries_women": rnd.randint(0, total // 2),
            "beneficiaries_youth": rnd.randint(0, total // 3),
            "beneficiaries_elderly": rnd.randint(0, total // 4),
            "beneficiaries_vulnerable": rnd.randint(0, total // 4), "status": status,
            "decided_on": dt.date(2016 + k % 3, 5, k) if decided else None,
            "decision_note": ("Board of Trustees decision (synthetic)" if decided else None)})
    for k, (kind, title, lang) in enumerate((
            ("manual", "Alfalfa under green cover: a field manual (synthetic)", "kk"),
            ("manual", "Alfalfa under green cover: a field manual (synthetic)", "ru"),
            ("publication", "Restoring saline irrigated land (synthetic)", "en"),
            ("leaflet", "Sprinkler irrigation for small farms (synthetic)", "ru")), start=1):
        t["publications"].append({"id": k, "kind": kind, "title": title, "language": lang,
                                  "published_on": dt.date(2016, 3 * k, 1), "url": None})
    return t


def seed(session: Session, actor: Actor, seed_value: int = 2017) -> dict[str, int]:
    """Insert the demo programme into an empty registry (one transaction; caller commits)."""
    tables = build(seed_value)
    batch = {name: [("demo", k, row) for k, row in enumerate(rows, start=1)]
             for name, rows in tables.items()}
    return import_batch(session, actor, batch, today=dt.date(2100, 1, 1))
