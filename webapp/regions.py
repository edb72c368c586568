"""Provinces and kabupaten/kota with their Kemendagri codes, from the data the project ships."""

import csv
import os

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Province, Regency

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


def _rows(filename):
    with open(os.path.join(DATA_DIR, filename), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_regions():
    """Insert the provinces and regencies that are missing; returns how many were added."""
    known_provinces = set(db.session.scalars(sa.select(Province.code)))
    known_regencies = set(db.session.scalars(sa.select(Regency.code)))
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
    if provinces:
        db.session.execute(sa.insert(Province), provinces)
    if regencies:
        db.session.execute(sa.insert(Regency), regencies)
    db.session.commit()
    return len(provinces) + len(regencies)
