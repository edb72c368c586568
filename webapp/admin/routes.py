"""Views of the admin area: verify communities, manage the agreed categories, read the audit log."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from webapp import audit
from webapp.access import admin_required, current_person, is_safe_next, verifier_required
from webapp.admin import bp, services
from webapp.admin.forms import CategoryForm, NewCategoryForm
from webapp.directory.services import refresh_category_search_texts
from webapp.extensions import db
from webapp.http import form_status, keep_out_of_caches
from webapp.models import (
    AuditEvent,
    Category,
    Community,
    User,
    community_category,
    record_audit,
)

PAGE_SIZE = 50
# Far past any real page; beyond it the database would overflow on the OFFSET.
LAST_PAGE = 100_000

# The verification queue first: "belum" (not yet verified) is what an admin comes for.
STATUS_FILTERS = {
    "belum": (Community.verified_at.is_(None), [Community.created_at, Community.id]),
    "terverifikasi": (Community.verified_at.is_not(None), [Community.verified_at.desc(), Community.id]),
    "semua": (sa.true(), [Community.name, Community.id]),
}



# Admin pages carry CSRF tokens and moderation data; no cache may keep them.
keep_out_of_caches(bp)


def page_number():
    return min(max(request.args.get("hal", 1, type=int), 1), LAST_PAGE)


@bp.get("")
@admin_required
def index():
    """The admin's start page: how much there is, how much waits for verification."""
    counts = {
        "communities": db.session.scalar(sa.select(sa.func.count(Community.id))),
        "waiting": db.session.scalar(
            sa.select(sa.func.count(Community.id)).where(Community.verified_at.is_(None))
        ),
        "users": db.session.scalar(sa.select(sa.func.count(User.id))),
    }
    return render_template("admin/index.html", counts=counts)


@bp.get("/komunitas")
@verifier_required
def communities():
    """Communities by verification status, the ones waiting longest first."""
    status = request.args.get("status", "belum")
    if status not in STATUS_FILTERS:
        status = "belum"
    condition, order = STATUS_FILTERS[status]
    query = (
        sa.select(Community)
        .options(joinedload(Community.regency))
        .where(condition)
        .order_by(*order)
    )
    page = db.paginate(query, page=page_number(), per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/communities.html", page=page, status=status)


def back_to_communities():
    # The button's form says which list (filter and page) it was on, so the admin stays there.
    target = request.form.get("next", "")
    return redirect(target if is_safe_next(target) else url_for("admin.communities"), 303)


@bp.post("/komunitas/<id:community_id>/verifikasi")
@verifier_required
def verify(community_id):
    """Mark a community as checked by an admin; the directory shows its verified badge."""
    community = db.get_or_404(Community, community_id)
    if services.set_verified(community, True, current_person()):
        flash(_("%(name)s sudah diverifikasi.", name=community.name), "success")
    else:
        flash(_("%(name)s sudah terverifikasi.", name=community.name), "info")
    return back_to_communities()


@bp.post("/komunitas/<id:community_id>/cabut")
@verifier_required
def unverify(community_id):
    """Take the verified badge away again, e.g. when a community turned out not to exist."""
    community = db.get_or_404(Community, community_id)
    if services.set_verified(community, False, current_person()):
        flash(_("Verifikasi %(name)s sudah dicabut.", name=community.name), "success")
    else:
        flash(_("%(name)s memang belum terverifikasi.", name=community.name), "info")
    return back_to_communities()


def usage_counts():
    """How many communities use each category, by category id (unused ones are missing)."""
    rows = db.session.execute(
        sa.select(community_category.c.category_id, sa.func.count()).group_by(
            community_category.c.category_id
        )
    )
    return dict(rows.all())


@bp.route("/kategori", methods=["GET", "POST"])
@admin_required
def categories():
    """The agreed focus categories, how many communities use each, and a form to add one."""
    form = NewCategoryForm()
    if form.validate_on_submit():
        last = db.session.scalar(sa.select(sa.func.max(Category.position)))
        category = Category(
            slug=form.slug.data,
            name=form.name.data,
            name_en=form.name_en.data,
            position=0 if last is None else last + 1,
        )
        db.session.add(category)
        record_audit("category.created", actor=current_person(), slug=category.slug, name=category.name)
        db.session.commit()
        # To the new category, with the message beside it (the add form's #tambah would
        # otherwise carry over the redirect and show an empty form).
        return redirect(url_for("admin.categories", baru=category.id, _anchor=f"kategori-{category.id}"), 303)
    return render_template(
        "admin/categories.html", form=form, categories=Category.in_order(), usage=usage_counts(),
        added=request.args.get("baru", type=int),
    ), form_status(form)


@bp.route("/kategori/<id:category_id>", methods=["GET", "POST"])
@admin_required
def edit_category(category_id):
    """Rename a category, in Indonesian and in English."""
    category = db.get_or_404(Category, category_id)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        before = {"old_name": category.name, "old_name_en": category.name_en}
        form.populate_obj(category)
        # Searches match focus names: "literacy" must find the communities by the new name.
        refresh_category_search_texts(category.id)
        record_audit(
            "category.renamed", actor=current_person(), slug=category.slug,
            name=category.name, name_en=category.name_en, **before,
        )
        db.session.commit()
        flash(_("Kategori %(name)s sudah disimpan.", name=category.name), "success")
        return redirect(url_for("admin.categories"), 303)
    return render_template("admin/edit_category.html", form=form, category=category), form_status(form)


@bp.post("/kategori/<id:category_id>/pindah")
@admin_required
def move_category(category_id):
    """Move a category one place up or down in the order everyone sees."""
    category = db.get_or_404(Category, category_id)
    direction = request.form.get("arah")
    if direction not in ("naik", "turun"):
        abort(400)
    ordered = Category.in_order()
    here = ordered.index(category)
    there = here - 1 if direction == "naik" else here + 1
    if 0 <= there < len(ordered):
        ordered[here], ordered[there] = ordered[there], ordered[here]
        # Renumber all, so positions stay distinct even if older data had ties.
        for position, each in enumerate(ordered):
            each.position = position
        record_audit("category.moved", actor=current_person(), slug=category.slug, direction=direction)
        db.session.commit()
    return redirect(url_for("admin.categories"), 303)


@bp.post("/kategori/<id:category_id>/hapus")
@admin_required
def delete_category(category_id):
    """Delete a category no community uses; a used one stays, or profiles would lose their focus."""
    category = db.get_or_404(Category, category_id)
    used = usage_counts().get(category.id, 0)
    if used:
        flash(
            ngettext(
                "Kategori %(name)s tidak dihapus karena masih dipakai %(num)s komunitas.",
                "Kategori %(name)s tidak dihapus karena masih dipakai %(num)s komunitas.",
                used,
                name=category.name,
            ),
            "error",
        )
        return redirect(url_for("admin.categories"), 303)
    record_audit("category.deleted", actor=current_person(), slug=category.slug, name=category.name)
    db.session.delete(category)
    db.session.commit()
    flash(_("Kategori %(name)s sudah dihapus.", name=category.name), "success")
    return redirect(url_for("admin.categories"), 303)


@bp.get("/audit")
@admin_required
def audit_log():
    """Who did what, newest first, as sentences; filtered by person, action, date range, and
    (from a link on an event) one community."""
    form = audit.AuditFilterForm(formdata=request.args)
    slug = request.args.get("komunitas", "").strip()
    query = (
        sa.select(AuditEvent)
        .options(
            joinedload(AuditEvent.actor),
            joinedload(AuditEvent.subject_user),
            joinedload(AuditEvent.community),
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    community = None
    if slug:
        # PostgreSQL refuses NUL and other control characters in a parameter; no slug has them.
        if slug.isprintable():
            community = db.session.scalar(sa.select(Community).where(Community.slug == slug))
        if community is None:
            return render_template("admin/audit.html", form=form, page=None, slug=slug, community=None), 404
        query = query.where(AuditEvent.community_id == community.id)
    if not form.validate():
        return render_template("admin/audit.html", form=form, page=None, slug=slug, community=community), 422
    query = audit.filter_events(
        query, person=form.orang.data, action=form.aksi.data, since=form.dari.data, until=form.sampai.data
    )
    page = db.paginate(query, page=page_number(), per_page=PAGE_SIZE, error_out=False)
    # The pager's links keep the filters.
    filters = {name: request.args.get(name) or None for name in ("orang", "aksi", "dari", "sampai", "komunitas")}
    return render_template(
        "admin/audit.html", form=form, page=page, slug=slug, community=community, filters=filters,
        events=[(event, audit.describe(event)) for event in page.items], labels=audit.ACTION_LABELS,
    )
