"""The programme registry schema (SQLAlchemy 2 ORM).

Every table has an integer primary key ``id`` that import files may set (so that
exports round-trip) and, where rows are edited, a ``version`` column used for
optimistic locking: an update that was prepared against an older version fails
instead of silently overwriting a concurrent edit.

Column ``info`` carries the validation rules shared by the repositories and the
importers: ``choices`` (allowed values), ``min``/``max`` (numeric bounds),
``personal`` (personal data hidden from roles that see aggregates only) and
``derived`` (computed by the registry, never taken from input) and
``vocabulary`` (ids of :mod:`zhassyl.scenario.vocabulary`: older spellings such
as ``rice-flooded`` are read as the current id).

The schema is created by the Alembic migrations in
:mod:`zhassyl.registry.migrations`, never by ``create_all``; a test checks that
the migrations and these models agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from zhassyl.scenario.vocabulary import PRACTICE_IDS, SOIL_TEXTURE_IDS

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

GENDERS = ("female", "male")
AGE_GROUPS = ("youth", "adult", "elderly")
VULNERABLE_TAGS = ("youth", "elderly", "repatriate", "disabled", "single-parent",
                   "low-income", "large-family")
SOIL_TEXTURES = SOIL_TEXTURE_IDS
WATER_SOURCES = ("canal", "river", "well", "reservoir", "rain")
MANAGEMENT_SYSTEMS = PRACTICE_IDS   # the shared vocabulary (migration 0002)
IRRIGATION_METHODS = ("sprinkler", "furrow", "flood", "drip", "none")
TILLAGE = ("minimal", "conventional", "none")
INCOME_PHASES = ("baseline", "follow-up")
TRAINING_KINDS = ("seminar", "field-demonstration", "training", "exchange-visit")
JOB_KINDS = ("permanent", "seasonal", "self-employed")
SUBMITTER_KINDS = ("farmer", "community", "local-government")
PROPOSAL_STATUSES = ("draft", "submitted", "under-review", "approved", "rejected", "withdrawn")
PUBLICATION_KINDS = ("publication", "manual", "leaflet", "video")
LANGUAGES = ("kk", "ru", "en")
AUDIT_ACTIONS = ("insert", "update", "delete", "restore")


class Base(DeclarativeBase):
    """Declarative base of the registry with constraint naming conventions."""

    metadata = MetaData(naming_convention=NAMING)


def _pk() -> Mapped[int]:
    return mapped_column(Integer, primary_key=True, autoincrement=True)


class Versioned:
    """Mixin: optimistic locking on ``version`` (incremented on every update)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805 - SQLAlchemy declarative hook
        return {"version_id_col": cls.__table__.c.version}


class Meta(Base):
    """Key/value facts about the database (for example that it holds synthetic data)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Region(Versioned, Base):
    """One of the programme's regions (oblys)."""

    __tablename__ = "regions"
    id: Mapped[int] = _pk()
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class District(Versioned, Base):
    """A district (audan) of a region."""

    __tablename__ = "districts"
    id: Mapped[int] = _pk()
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))


class Community(Versioned, Base):
    """A rural community (village or rural district) taking part in the programme."""

    __tablename__ = "communities"
    id: Mapped[int] = _pk()
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    name: Mapped[str] = mapped_column(String(120))
    founding: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_on: Mapped[dt.date | None] = mapped_column(Date)


class Cooperative(Versioned, Base):
    """An agricultural production cooperative."""

    __tablename__ = "cooperatives"
    id: Mapped[int] = _pk()
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    registered_on: Mapped[dt.date | None] = mapped_column(Date)


class Person(Versioned, Base):
    """A participant: farmer, household member, trainee, job holder (personal data)."""

    __tablename__ = "people"
    id: Mapped[int] = _pk()
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(160), info={"personal": True})
    gender: Mapped[str] = mapped_column(String(10), info={"choices": GENDERS})
    age_group: Mapped[str] = mapped_column(String(10), info={"choices": AGE_GROUPS})
    vulnerable_tags: Mapped[str | None] = mapped_column(
        String(200), info={"tags": VULNERABLE_TAGS, "personal": True})
    phone: Mapped[str | None] = mapped_column(String(40), info={"personal": True})


class Farm(Versioned, Base):
    """A farm (peasant household or farm enterprise)."""

    __tablename__ = "farms"
    id: Mapped[int] = _pk()
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperatives.id"),
                                                       index=True)
    head_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    name: Mapped[str] = mapped_column(String(160))
    household_size: Mapped[int] = mapped_column(Integer, info={"min": 1, "max": 100})
    head_gender: Mapped[str] = mapped_column(String(10), info={"choices": GENDERS})
    size_ha: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 100000.0})
    irrigated_ha: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 100000.0})


class CooperativeMember(Versioned, Base):
    """Membership of a person (and optionally their farm) in a cooperative."""

    __tablename__ = "cooperative_members"
    __table_args__ = (UniqueConstraint("cooperative_id", "person_id"),)
    id: Mapped[int] = _pk()
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    farm_id: Mapped[int | None] = mapped_column(ForeignKey("farms.id"))
    joined_on: Mapped[dt.date | None] = mapped_column(Date)


class Field(Versioned, Base):
    """A field: WGS84 GeoJSON polygon, geodesic area, initial soil state, water source."""

    __tablename__ = "fields"
    id: Mapped[int] = _pk()
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    geometry: Mapped[str] = mapped_column(Text, info={"geometry": True})
    declared_area_ha: Mapped[float] = mapped_column(Float, info={"min": 0.0001, "max": 100000.0})
    area_ha: Mapped[float] = mapped_column(Float, info={"derived": True})
    soil_texture: Mapped[str] = mapped_column(String(20), info={"choices": SOIL_TEXTURES,
                                                                "vocabulary": True})
    ece_initial_ds_m: Mapped[float | None] = mapped_column(Float, info={"min": 0.0, "max": 200.0})
    soc_initial_pct: Mapped[float | None] = mapped_column(Float, info={"min": 0.0, "max": 60.0})
    water_source: Mapped[str] = mapped_column(String(20), info={"choices": WATER_SOURCES})


class Season(Versioned, Base):
    """One cropping season of a field: system, crops, sowing, irrigation, tillage."""

    __tablename__ = "seasons"
    __table_args__ = (UniqueConstraint("field_id", "year"),)
    id: Mapped[int] = _pk()
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, info={"min": 1950, "max": 2100})
    management_system: Mapped[str] = mapped_column(String(30),
                                                   info={"choices": MANAGEMENT_SYSTEMS,
                                                         "vocabulary": True})
    crops: Mapped[str] = mapped_column(String(200))
    sowing_date: Mapped[dt.date | None] = mapped_column(Date)
    seeding_rate_kg_ha: Mapped[float | None] = mapped_column(Float,
                                                             info={"min": 0.0, "max": 500.0})
    irrigation_method: Mapped[str] = mapped_column(String(20),
                                                   info={"choices": IRRIGATION_METHODS})
    tillage: Mapped[str] = mapped_column(String(20), info={"choices": TILLAGE})


class SoilSample(Versioned, Base):
    """A soil sample: SOC, ECe, pH at a depth on a date."""

    __tablename__ = "soil_samples"
    id: Mapped[int] = _pk()
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id"), index=True)
    sampled_on: Mapped[dt.date] = mapped_column(Date)
    depth_cm: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 300.0})
    soc_pct: Mapped[float | None] = mapped_column(Float, info={"min": 0.0, "max": 60.0})
    ece_ds_m: Mapped[float | None] = mapped_column(Float, info={"min": 0.0, "max": 200.0})
    ph: Mapped[float | None] = mapped_column(Float, info={"min": 0.0, "max": 14.0})


class YieldMeasurement(Versioned, Base):
    """A yield measurement (one cut or harvest) on a field."""

    __tablename__ = "yield_measurements"
    id: Mapped[int] = _pk()
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id"), index=True)
    measured_on: Mapped[dt.date] = mapped_column(Date)
    crop: Mapped[str] = mapped_column(String(60))
    cut_number: Mapped[int | None] = mapped_column(Integer, info={"min": 1, "max": 12})
    yield_t_ha: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 100.0})


class WaterReading(Versioned, Base):
    """A water-meter reading (cumulative volume) of a field."""

    __tablename__ = "water_readings"
    id: Mapped[int] = _pk()
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id"), index=True)
    read_on: Mapped[dt.date] = mapped_column(Date)
    meter_m3: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1e9})


class IncomeSurvey(Versioned, Base):
    """A household income survey at baseline or follow-up (finances)."""

    __tablename__ = "income_surveys"
    id: Mapped[int] = _pk()
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    surveyed_on: Mapped[dt.date] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(12), info={"choices": INCOME_PHASES})
    net_income_kzt: Mapped[float] = mapped_column(Float, info={"min": -1e12, "max": 1e12,
                                                               "finance": True})


class Training(Versioned, Base):
    """A seminar, training or field demonstration; anonymous attendees counted by group."""

    __tablename__ = "trainings"
    id: Mapped[int] = _pk()
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), info={"choices": TRAINING_KINDS})
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(160))
    topic: Mapped[str] = mapped_column(String(200))
    counted_women: Mapped[int] = mapped_column(Integer, default=0, info={"min": 0, "max": 10000})
    counted_men: Mapped[int] = mapped_column(Integer, default=0, info={"min": 0, "max": 10000})
    counted_youth: Mapped[int] = mapped_column(Integer, default=0, info={"min": 0, "max": 10000})
    counted_elderly: Mapped[int] = mapped_column(Integer, default=0,
                                                 info={"min": 0, "max": 10000})


class TrainingAttendee(Versioned, Base):
    """A named attendee of a training (linked to a person)."""

    __tablename__ = "training_attendees"
    __table_args__ = (UniqueConstraint("training_id", "person_id"),)
    id: Mapped[int] = _pk()
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)


class Job(Versioned, Base):
    """A job created by the programme."""

    __tablename__ = "jobs"
    id: Mapped[int] = _pk()
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    farm_id: Mapped[int | None] = mapped_column(ForeignKey("farms.id"))
    kind: Mapped[str] = mapped_column(String(20), info={"choices": JOB_KINDS})
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, info={"allow_future": True})


class EquityWeight(Versioned, Base):
    """A weight of the proposal priority score (the Fund's equity priorities, as data)."""

    __tablename__ = "equity_weights"
    id: Mapped[int] = _pk()
    criterion: Mapped[str] = mapped_column(String(40), unique=True)
    weight: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1000.0})
    description: Mapped[str] = mapped_column(String(300))


class Proposal(Versioned, Base):
    """A project proposal to the Fund and the Board of Trustees' decision."""

    __tablename__ = "proposals"
    id: Mapped[int] = _pk()
    title: Mapped[str] = mapped_column(String(200))
    submitter_kind: Mapped[str] = mapped_column(String(20), info={"choices": SUBMITTER_KINDS})
    farm_id: Mapped[int | None] = mapped_column(ForeignKey("farms.id"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    support_requested: Mapped[str] = mapped_column(String(300))
    requested_kzt: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1e12,
                                                              "finance": True})
    beneficiaries_total: Mapped[int] = mapped_column(Integer, info={"min": 0, "max": 1000000})
    beneficiaries_women: Mapped[int] = mapped_column(Integer, info={"min": 0, "max": 1000000})
    beneficiaries_youth: Mapped[int] = mapped_column(Integer, info={"min": 0, "max": 1000000})
    beneficiaries_elderly: Mapped[int] = mapped_column(Integer, info={"min": 0, "max": 1000000})
    beneficiaries_vulnerable: Mapped[int] = mapped_column(Integer,
                                                          info={"min": 0, "max": 1000000})
    priority_score: Mapped[float] = mapped_column(Float, info={"derived": True})
    status: Mapped[str] = mapped_column(String(20), info={"choices": PROPOSAL_STATUSES})
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_note: Mapped[str | None] = mapped_column(String(500))


class Publication(Versioned, Base):
    """A publication or manual produced by the programme."""

    __tablename__ = "publications"
    id: Mapped[int] = _pk()
    kind: Mapped[str] = mapped_column(String(20), info={"choices": PUBLICATION_KINDS})
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2), info={"choices": LANGUAGES})
    published_on: Mapped[dt.date] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(500))


class FieldCalibration(Base):
    """A field's fitted production level and its provenance (``zhassyl calibrate``, issue 12).

    ``records`` (JSON) lists the yield-measurement rows and years the fit used.
    """

    __tablename__ = "field_calibrations"
    id: Mapped[int] = _pk()
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id"), index=True)
    fitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    fitted_by: Mapped[str] = mapped_column(String(120))
    system: Mapped[str] = mapped_column(String(30))
    fertility_stress_pct: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 100.0})
    stress_low_pct: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 100.0})
    stress_high_pct: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 100.0})
    n_seasons: Mapped[int] = mapped_column(Integer, info={"min": 0, "max": 1000})
    rmse_t_ha: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1000.0})
    loso_rmse_t_ha: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1000.0})
    ec_iw_ds_m: Mapped[float | None] = mapped_column(Float, info={"min": 0.0, "max": 100.0})
    ec_iw_low_ds_m: Mapped[float | None] = mapped_column(Float, info={"min": 0.0, "max": 100.0})
    ec_iw_high_ds_m: Mapped[float | None] = mapped_column(Float,
                                                          info={"min": 0.0, "max": 100.0})
    method: Mapped[str] = mapped_column(String(200))
    records: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """One change to the registry: who, when, what, old and new values (JSON).

    Append-only: the policy layer refuses every write to this table, and
    database triggers created by the migration refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = _pk()
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10), info={"choices": AUDIT_ACTIONS})
    table_name: Mapped[str] = mapped_column(String(40), index=True)
    row_id: Mapped[int | None] = mapped_column(Integer)
    old_values: Mapped[str | None] = mapped_column(Text)
    new_values: Mapped[str | None] = mapped_column(Text)


CURRENCIES = ("KZT", "USD", "EUR")
DISBURSEMENT_STATUSES = ("paid", "committed")
SUBSIDY_ITEMS = ("seed", "fuel", "fertiliser", "water", "equipment")


class Grant(Versioned, Base):
    """A grant to the Fund from a donor (GEF Small Grants Programme, UNDP, the state...).

    ``received_amount`` is what arrived on the Fund's account; ``balance_amount``
    the balance of the grant's account on ``balance_on`` (bank statement).  The
    auditor's reconciliation checks received = disbursed + committed + balance.
    """

    __tablename__ = "grants"
    id: Mapped[int] = _pk()
    donor: Mapped[str] = mapped_column(String(160))
    amount: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1e13, "finance": True})
    currency: Mapped[str] = mapped_column(String(3), info={"choices": CURRENCIES})
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date, info={"allow_future": True})
    purpose: Mapped[str] = mapped_column(String(300))
    received_amount: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1e13,
                                                                "finance": True})
    balance_amount: Mapped[float] = mapped_column(Float, info={"min": -1e13, "max": 1e13,
                                                               "finance": True})
    balance_on: Mapped[dt.date | None] = mapped_column(Date)


class BudgetLine(Versioned, Base):
    """A budget line of a grant (amount in the grant's currency)."""

    __tablename__ = "budget_lines"
    __table_args__ = (UniqueConstraint("grant_id", "code"),)
    id: Mapped[int] = _pk()
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1e13, "finance": True})


class Disbursement(Versioned, Base):
    """A payment (or a commitment) from a grant, tied to an approved proposal or an activity."""

    __tablename__ = "disbursements"
    id: Mapped[int] = _pk()
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id"), index=True)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"),
                                                       index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    activity: Mapped[str | None] = mapped_column(String(200))
    paid_on: Mapped[dt.date] = mapped_column(Date, info={"allow_future": True})
    amount: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1e13, "finance": True})
    currency: Mapped[str] = mapped_column(String(3), info={"choices": CURRENCIES})
    payee: Mapped[str] = mapped_column(String(160))
    status: Mapped[str] = mapped_column(String(10), info={"choices": DISBURSEMENT_STATUSES})


class FarmSubsidy(Versioned, Base):
    """A state subsidy received by a farm (for example 100 % of seed or fuel costs)."""

    __tablename__ = "farm_subsidies"
    id: Mapped[int] = _pk()
    farm_id: Mapped[int] = mapped_column(ForeignKey("farms.id"), index=True)
    programme: Mapped[str] = mapped_column(String(160))
    item: Mapped[str] = mapped_column(String(20), info={"choices": SUBSIDY_ITEMS})
    received_on: Mapped[dt.date] = mapped_column(Date)
    amount_kzt: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 1e13,
                                                           "finance": True})
    share_pct: Mapped[float] = mapped_column(Float, info={"min": 0.0, "max": 100.0})


#: Data tables in an order where every foreign key points to an earlier table.
TABLE_ORDER = (
    "regions", "districts", "communities", "cooperatives", "people", "farms",
    "cooperative_members", "fields", "seasons", "soil_samples", "yield_measurements",
    "water_readings", "income_surveys", "trainings", "training_attendees", "jobs",
    "equity_weights", "proposals", "publications", "field_calibrations",
    "grants", "budget_lines", "disbursements", "farm_subsidies",
)

#: Mapped class of each data table.
MODELS: dict[str, type[Base]] = {
    m.class_.__tablename__: m.class_ for m in Base.registry.mappers
}

# Sign-in accounts are mapped in zhassyl.registry.users (not a data table: never exported);
# imported here so that the schema (and the migration check) always includes them.
from zhassyl.registry import users as _users  # noqa: E402,F401
