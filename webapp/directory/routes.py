"""The public directory: the searchable list, community profiles, and contacts for members."""

import math
import time
from datetime import timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_timedelta, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import per_account
from webapp.contacts.forms import ContactRequestForm
from webapp.contacts.services import is_blocked, latest_request, may_see_contacts
from webapp.directory import bp
from webapp.directory.forms import DirectoryFilterForm
from webapp.directory.services import (
    COUNT_LIMIT,
    clean_query,
    contact_links,
    find_community,
    search_communities,
)
from webapp.extensions import limiter
from webapp.http import render_page_or_fragment, shared_page, wants_fragment
from webapp.models import Category
from webapp.regions import find_province, find_regency, provinces_by_name


def _filter_form():
    """The filter form from the query string, with unknown codes dropped and choices filled.

    Returns the form, the filters actually applied (as query-string values) and the
    categories in order, which the result cards name their focus from.
    """
    form = DirectoryFilterForm(formdata=request.args)
    locale = str(get_locale())
    categories = Category.listed()
    category = next((c for c in categories if c.slug == form.fokus.data), None)
    province = find_province(form.provinsi.data)
    # A kabupaten counts only inside its province.
    regency = find_regency(form.kabupaten.data, province.code) if province else None
    form.q.data = clean_query(form.q.data)
    form.fokus.data = category.slug if category else ""
    form.provinsi.data = province.code if province else ""
    form.kabupaten.data = regency.code if regency else ""

    provinces = provinces_by_name()
    form.fokus.choices = [("", _("Semua fokus"))] + [
        (c.slug, c.label(locale)) for c in categories
    ]
    form.provinsi.choices = [("", _("Semua provinsi"))] + [(p.code, p.name) for p in provinces]
    if province:
        form.kabupaten.choices = [("", _("Semua kabupaten/kota"))] + [
            (r.code, r.name) for r in province.regencies
        ]
    else:
        # Disabled until a province is chosen: 514 kabupaten in one list help nobody.
        form.kabupaten.choices = [("", _("Pilih provinsi dulu"))]
        form.kabupaten.render_kw = {"disabled": True}

    filters = {
        "q": form.q.data,
        "fokus": form.fokus.data,
        "provinsi": form.provinsi.data,
        "kabupaten": form.kabupaten.data,
    }
    return form, {key: value for key, value in filters.items() if value}, categories


@bp.get("/komunitas")
def index():
    """The directory: search and filter communities, verified first.

    htmx asks for just the results (and the kabupaten select, which depends on the province)
    while the person types, so the input they are typing into is never replaced.
    """
    shared_page()  # the same for everyone: recently seen result pages open offline too
    form, filters, categories = _filter_form()
    page = request.args.get("hal", 1, type=int)
    if page < 1:
        page = 1
    per_page = current_app.config["DIRECTORY_PAGE_SIZE"]
    communities, total, has_next = search_communities(
        filters.get("q", ""),
        filters.get("fokus"),
        filters.get("provinsi"),
        filters.get("kabupaten"),
        page=page,
        per_page=per_page,
    )
    # The number of pages is known only when every match was counted.
    pages = max(1, math.ceil(total.counted / per_page)) if total.complete else None
    if pages and page > pages:
        # An old link after communities left, or a hand-typed number: show the last page.
        last = url_for("directory.index", hal=pages if pages > 1 else None, **filters)
        return redirect(last, 303)
    return render_page_or_fragment(
        "directory/index.html",
        "directory/_results.html",
        form=form,
        filters=filters,
        communities=communities,
        categories=categories,
        total=total,
        count_limit=COUNT_LIMIT,
        page_number=page,
        pages=pages,
        has_next=has_next,
        refresh_kabupaten=wants_fragment(),
    )


@bp.get("/komunitas/<slug:slug>")
def profile(slug):
    """A community's public profile, the same for everyone, so a volunteer can read it offline
    in the field. Contacts are on a page of their own; what the reader may do here (manage it,
    propose a partnership) comes as a small personal fragment."""
    community = find_community(slug)
    if community is None:
        abort(404)
    shared_page()
    return render_template("directory/profile.html", community=community, categories=Category.listed())


@bp.get("/komunitas/<slug:slug>/untuk-anda")
def actions(slug):
    """The reader's own buttons on a profile: "Kelola" for its coordinators, "Ajak bermitra"
    for coordinators of other communities; nothing for anyone else. Personal, never cached."""
    community = find_community(slug)
    if community is None:
        abort(404)
    response = current_app.make_response(render_template("directory/_actions.html", community=community))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.errorhandler(429)
def contacts_limited(error):
    """The contact limit's own page: which limit was reached and roughly when it resets.

    Only the contact route is limited in this blueprint; its limits are per hour and per day,
    so "wait a moment" would send people back too early.
    """
    limit = limiter.current_limit
    if limit is None:
        wait, message = None, _("Tunggu sebentar lalu coba lagi.")
    else:
        wait = max(1, limit.reset_at - int(time.time()))
        message = _(
            "Anda sudah membuka kontak %(num)s kali dalam %(period)s. Batas ini menjaga kontak "
            "komunitas agar tidak dikumpulkan massal. Coba lagi %(when)s.",
            num=limit.limit.amount,
            period=format_timedelta(timedelta(seconds=limit.limit.get_expiry())),
            when=format_timedelta(timedelta(seconds=wait), add_direction=True),
        )
    response = current_app.make_response(
        (render_template("errors/error.html", title=_("Batas membuka kontak tercapai"), message=message), 429)
    )
    if wait:
        response.headers["Retry-After"] = str(wait)
    return response


@bp.get("/komunitas/<slug:slug>/kontak")
@login_required
@limiter.limit("20 per hour;60 per day", key_func=per_account)
def contact(slug):
    """A community's contact details for those its coordinators accepted; for anyone else the
    form to ask for them (or where their request stands). Never cached."""
    community = find_community(slug)
    if community is None:
        abort(404)
    allowed = may_see_contacts(current_user, community)
    response = render_page_or_fragment(
        "directory/contact.html",
        "directory/_contact.html",
        community=community,
        contacts=contact_links(community) if allowed else None,
        asked=None if allowed else latest_request(current_user, community),
        blocked=not allowed and is_blocked(current_user, community),
        form=None if allowed else ContactRequestForm(),
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
