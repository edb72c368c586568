"""What every template can use: hashed asset URLs and the current language."""

from datetime import timezone
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import current_app, g, get_flashed_messages, request, url_for
from flask_babel import format_datetime, format_decimal, get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

from webapp.http import personal_page
from webapp.regions import place_names, time_zone


def asset_url(filename):
    """URL of a static file under its content-hashed name (see webapp.assets), cached for a year."""
    return url_for("static", filename=current_app.extensions["assets"][filename])


def data_saver_on():
    """Data-saver mode: the person's own switch (cookie `hemat`) wins over the browser's Save-Data."""
    choice = request.cookies.get("hemat")
    if choice in ("1", "0"):
        return choice == "1"
    return request.headers.get("Save-Data", "").strip().lower() == "on"


class PictureSources(NamedTuple):
    src: str
    srcset: str
    size: int  # bytes of `src`


def picture_sources(image, display_width):
    """What the picture macro of _media.html sends for `image` shown `display_width` CSS pixels
    wide: the smallest stored size that fills it on a 1x screen as `src`, the one for a 2x
    screen added to `srcset`. None when there is no stored size to send.

    Here rather than in the macro: a list of twenty cards draws twenty pictures, and this is
    the part of a directory page that costs most to run in a template.
    """
    variants = image.variants if image is not None else None
    if not variants:
        return None
    # Variants are ordered by width; the last one is the largest there is.
    one = next((v for v in variants if v.width >= display_width), variants[-1])
    two = next((v for v in variants if v.width >= display_width * 2), variants[-1])
    src = url_for("media.image", sha=image.sha256, width=one.width)
    srcset = f"{src} {one.width}w"
    if two.width != one.width:
        srcset += f", {url_for('media.image', sha=image.sha256, width=two.width)} {two.width}w"
    return PictureSources(src, srcset, one.size)


def initials(name):
    """The first letters of a name's first two words, in capitals: a logo's placeholder."""
    return "".join(word[0] for word in name.split()[:2]).upper()


def human_size(size):
    """A byte count as people say it: "850 B", "1,5 KB", "24 KB", "1,2 MB", "10 GB" ("1.5 KB"
    in English), number and unit kept on one line by a no-break space.

    The one way sizes are written: templates use it as the `filesize` filter (the
    `byte_size` macro of _media.html included), and formatSize in static/js/app.js follows
    the same rules on the phone, so a size promised before saving reads like the one the
    offline library lists.
    """
    if size < 1024:
        number, unit = size, "B"
    elif size < 10 * 1024:
        number, unit = format_decimal(size / 1024, format="#,##0.#"), "KB"
    elif size < 1024**2:
        number, unit = format_decimal(size / 1024, format="#,##0"), "KB"
    elif size < 1024**3:
        number, unit = format_decimal(size / 1024**2, format="#,##0.#"), "MB"
    else:
        number, unit = format_decimal(size / 1024**3, format="#,##0.#"), "GB"
    return Markup(f"{number}&nbsp;{unit}")


def when(value, province_code=None):
    """A stored (naive UTC) time as people read it: '30 Nov 2026 14.05 WIB', in the zone of
    `province_code` (a community's or a meeting's place), else WIB; no seconds."""
    if value is None:
        return ""
    zone_name, abbreviation = time_zone(province_code)
    local = value.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)
    pattern = "d MMM yyyy, HH:mm" if str(get_locale()) == "en" else "d MMM yyyy HH.mm"
    return f"{format_datetime(local, pattern, rebase=False)} {abbreviation}"


# The service worker sends this header when it fetches the app shell in the background.
SHELL_FETCH_HEADER = "X-Jejaring-Shell"


def flashed_messages():
    """The messages waiting for this person, as (category, text); none for the service worker's
    own background fetch of the app shell, which runs with the person's cookies and would
    otherwise take a message ("Tersimpan") meant for the page they are about to see."""
    if request.headers.get(SHELL_FETCH_HEADER):
        return []
    return get_flashed_messages(with_categories=True)


def translations():
    """The translations of the current locale, looked up once per request and locale.

    Templates translate some fifty strings a page; Flask-Babel's own lookup walks the app
    context and formats the locale's name for each of them, a tenth of a page's time. A
    locale forced for a moment (flask_babel.force_locale, for mail) is a new object, so
    it still gets its own translations.
    """
    # The locale as Flask-Babel keeps it for this request (what get_locale returns once it
    # chose one), read without get_locale's own walk through the context; get_locale chooses.
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None) or get_locale()
    known = g.get("_translations")
    if known is None or known[0] is not locale:
        known = g._translations = (locale, get_translations())
    return known[1]


# The template functions `_`, gettext, ngettext, pgettext and npgettext, as Jinja's i18n
# extension makes them with newstyle=True (the text marked safe where autoescaping is on, then
# always formatted with its variables, so "%%" reads "%"), but calling the translations
# directly: Jinja's own pass through two context calls and a lookup of "gettext" for each of
# the fifty or so strings of a page. Together with _translations_of, a sixth of the
# instructions of a small page (the offline page) and a tenth of a profile's.
@pass_context
def _gettext(context, string, **variables):
    return _formatted(context, _translations_of(context).ugettext(string), variables)


@pass_context
def _ngettext(context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return _formatted(context, _translations_of(context).ungettext(singular, plural, num), variables)


@pass_context
def _pgettext(context, string_context, string, **variables):
    variables.setdefault("context", string_context)
    return _formatted(context, _translations_of(context).upgettext(string_context, string), variables)


@pass_context
def _npgettext(context, string_context, singular, plural, num, **variables):
    variables.setdefault("context", string_context)
    variables.setdefault("num", num)
    return _formatted(context, _translations_of(context).unpgettext(string_context, singular, plural, num), variables)


def _translations_of(context):
    """The translations the `language` context processor put in the page's context (once per
    render); a macro imported without the context looks them up (translations)."""
    return context.get("_translations") or translations()


def _formatted(context, text, variables):
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    # Flask-Babel installed Jinja's i18n extension with callables that look the translations
    # up afresh for each string (see translations); these replace them.
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(
        _=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext
    )
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.globals["data_saver_on"] = data_saver_on
    app.jinja_env.globals["personal_page"] = personal_page
    app.jinja_env.globals["flashed_messages"] = flashed_messages
    app.jinja_env.globals["picture_sources"] = picture_sources
    # Province and kabupaten/kota names by code, so a page names places without joining them.
    app.jinja_env.globals["place_names"] = place_names()
    app.jinja_env.filters["filesize"] = human_size
    app.jinja_env.filters["initials"] = initials
    app.jinja_env.filters["when"] = when

    @app.context_processor
    def language():
        return {"locale": str(get_locale()), "languages": app.config["LANGUAGES"], "_translations": translations()}
