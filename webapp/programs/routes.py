"""The programs registry in public: a province's region x focus matrix and the programs behind
each count. Programs are already public on community profiles; contacts never appear here.
"""

import sqlalchemy as sa
from flask import abort, render_template, request

from webapp.directory.services import find_category
from webapp.regions import find_province, find_regency
from webapp.extensions import db
from webapp.models import Province
from webapp.programs import bp, services
from webapp.programs.labels import RESOURCE_LABELS


@bp.app_context_processor
def program_labels():
    """Programs are shown on many areas' pages (coordination, partnerships); all read the same labels."""
    return {"resource_labels": RESOURCE_LABELS}


@bp.get("")
def index():
    """Every province with how many current programs it has; each leads to its matrix."""
    provinces = db.session.scalars(sa.select(Province).order_by(Province.name)).all()
    return render_template(
        "programs/index.html", provinces=provinces, counts=services.program_counts_by_province()
    )


@bp.get("/<code>")
def matrix(code):
    """Who does what where in one province: counts by kabupaten/kota and focus, as a text table."""
    province = find_province(code)
    if province is None:
        abort(404)
    return render_template(
        "programs/matrix.html", province=province, matrix=services.province_matrix(province)
    )


@bp.get("/<code>/daftar")
def listing(code):
    """The programs behind a count of the matrix: a province, perhaps one kabupaten and one focus."""
    province = find_province(code)
    if province is None:
        abort(404)
    regency = category = None
    if request.args.get("kabupaten"):
        regency = find_regency(request.args["kabupaten"], province.code)
        if regency is None:
            abort(404)
    if request.args.get("fokus"):
        category = find_category(request.args["fokus"])
        if category is None:
            abort(404)
    return render_template(
        "programs/listing.html",
        province=province,
        regency=regency,
        category=category,
        programs=services.programs_in(province, regency, category),
    )
