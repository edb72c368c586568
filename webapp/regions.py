"""Provinces, kabupaten/kota and kecamatan with their Kemendagri codes, from the data the project
ships: loading them, reading a code someone sent, and the time zone of a place."""

import csv
import functools
import os
import re
from typing import NamedTuple

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import District, Province, Regency

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
PROVINCE_CODE = re.compile(r"\d{2}")
REGENCY_CODE = re.compile(r"\d{2}\.\d{2}")
DISTRICT_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}")


def _matches(pattern, value):
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def is_province_code(value):
    return _matches(PROVINCE_CODE, value)


def is_regency_code(value):
    return _matches(REGENCY_CODE, value)


def find_province(code):
    """The province with this code; None for an unknown or malformed code."""
    return db.session.get(Province, code) if is_province_code(code) else None


def find_regency(code, province_code=None):
    """The kabupaten/kota with this code, only if it lies in `province_code` when one is given."""
    regency = db.session.get(Regency, code) if is_regency_code(code) else None
    if regency is None or (province_code is not None and regency.province_code != province_code):
        return None
    return regency


def find_district(code):
    """The kecamatan with this code; None for an unknown or malformed code."""
    return db.session.get(District, code) if _matches(DISTRICT_CODE, code) else None


def regencies_of(province_code):
    """The kabupaten/kota of a province, or none while no (known) province is chosen."""
    province = find_province(province_code)
    return province.regencies if province is not None else []


def districts_of(regency_code, province_code):
    """The kecamatan of a kabupaten/kota, or none while no kabupaten of the province is chosen."""
    if find_regency(regency_code, province_code) is None:
        return []
    return db.session.scalars(
        sa.select(District).where(District.regency_code == regency_code).order_by(District.name)
    ).all()


class Place(NamedTuple):
    code: str
    name: str


@functools.cache
def provinces_by_name():
    """Every province as (code, name), by name: the list every province select shows.

    Read once per process from the file `load_regions` loads the table from, so a form costs
    no query for it; the codes and names are the same either way.
    """
    return tuple(sorted((Place(r["code"], r["name"]) for r in _rows("provinces.csv")), key=lambda p: p.name))


@functools.cache
def place_names():
    """Province and kabupaten/kota names by code, read once per process from the same files as
    provinces_by_name: a list of communities names their places without joining the tables."""
    return {r["code"]: r["name"] for filename in ("provinces.csv", "regencies.csv") for r in _rows(filename)}


def _rows(filename):
    with open(os.path.join(DATA_DIR, filename), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_regions():
    """Insert the provinces, regencies and districts that are missing; returns how many were added."""
    known_provinces = set(db.session.scalars(sa.select(Province.code)))
    known_regencies = set(db.session.scalars(sa.select(Regency.code)))
    known_districts = set(db.session.scalars(sa.select(District.code)))
    provinces = [
        {"code": r["code"], "name": r["name"]}
        for r in _rows("provinces.csv")
        if r["code"] not in known_provinces
    ]
    regencies = [
        {"code": r["code"], "province_code": r["province_code"], "name": r["name"]}
        for r in _rows("regencies.csv")
        if r["code"] not in known_regencies
    ]
    # The file leaves out the regency code: it is the first five characters of the code.
    districts = [
        {"code": r["code"], "regency_code": r["code"][:5], "name": r["name"]}
        for r in _rows("districts.csv")
        if r["code"] not in known_districts
    ]
    if provinces:
        db.session.execute(sa.insert(Province), provinces)
    if regencies:
        db.session.execute(sa.insert(Regency), regencies)
    if districts:
        db.session.execute(sa.insert(District), districts)
    db.session.commit()
    return len(provinces) + len(regencies) + len(districts)


# Indonesia's three time zones by province code: WITA from Bali and Kalimantan Selatan
# eastwards to Sulawesi, WIT for Maluku and Papua, WIB for the rest.
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PREFIXES = ("8", "9")


def time_zone(province_code=None):
    """(IANA name, Indonesian abbreviation) for a province; WIB, the capital's, when unknown."""
    code = province_code or ""
    if code in WITA_PROVINCES:
        return "Asia/Makassar", "WITA"
    if code.startswith(WIT_PREFIXES):
        return "Asia/Jayapura", "WIT"
    return "Asia/Jakarta", "WIB"
