"""Response shapes of the API (pydantic, via Django Ninja): these become the OpenAPI schema."""


from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class CategoryOut(Schema):
    slug: str
    name: str
    parent: str | None = None


class TagOut(Schema):
    slug: str
    name: str
    kind: str


class ParkRef(Schema):
    id: int
    name: str


class ArticleOut(Schema):
    id: int
    title: str
    url: str
    author: str
    published_at: datetime
    category: str | None
    summary: str
    source_url: str
    tags: list[TagOut]
    parks: list[ParkRef]
    is_sample: bool


class ArticleDetail(ArticleOut):
    body_text: str


class FactOut(Schema):
    id: int
    metric: str
    value: Decimal
    unit: str
    qualifier: str
    period: str
    year: int | None
    source_title: str
    source_url: str
    source_date: date | None
    article_id: int | None


class ParkOut(Schema):
    id: int
    name: str
    url: str
    aliases: list[str]
    level: str
    level_name: str
    province: str
    city: str
    district: str
    industries: list[str]
    planned_area_km2: Decimal | None
    is_sample: bool
    source_note: str


class ParkDetail(ParkOut):
    former_names: list[str]
    address: str
    founded: date | None
    built_area_km2: Decimal | None
    description: str
    website: str
    facts: list[FactOut]


class ListingOut(Schema):
    id: int
    url: str
    title: str
    park: ParkRef
    kind: str
    deal: str
    area_m2: Decimal
    price: Decimal | None
    industries: list[str]
    available_from: date | None
    is_sample: bool
    updated_at: datetime


class RunOut(Schema):
    id: int
    url: str
    dataset: str
    framework: str
    is_sample: bool
    source_note: str
    years: list[int]
    replications: int
    groups: list[dict]
    created_at: datetime


class ResultOut(Schema):
    code: str
    name: str
    year: int
    rank: int
    score: float | None
    park_id: int | None
    rank_q05: float | None = None
    rank_median: float | None = None
    rank_q95: float | None = None
    scores: dict
    ranks: dict


class LeadOut(Schema):
    id: int
    company: str
    contact_name: str
    phone_masked: str
    industry: str | None
    use: str
    area_m2: Decimal | None
    investment_wan: Decimal | None
    regions: str
    stage: str
    follow_up_on: date | None
    created_at: datetime
    last_submitted_at: datetime


class LeadDetail(LeadOut):
    description: str


class ErrorOut(Schema):
    detail: str
