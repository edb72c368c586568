"""How responses are shaped: full page or htmx fragment, and the security headers."""

from urllib.parse import urlsplit

from flask import current_app, g, make_response, render_template, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def wants_fragment():
    """True for an htmx swap; history restores and boosted requests need the whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-History-Restore-Request") != "true"
        and headers.get("HX-Boosted") != "true"
    )


def form_status(form):
    """200 for a fresh form; 422 for a submitted one that came back with errors (htmx swaps 4xx too)."""
    return 422 if form.is_submitted() else 200


def render_page_or_fragment(page, fragment, status=200, **context):
    """Render `fragment` for an htmx swap, else `page` (which includes the same fragment)."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def shared_page():
    """Mark this page as the same for every reader (a course, a lesson, the offline library).

    The base template has nothing personal in it (a flashed message, when there is one, makes
    the response personal again: `personal_page`), and the response says `public`: the service
    worker caches only such pages, so nothing personal is ever stored under a URL another
    account could open on the same phone.
    """
    g.shared_page = True


def personal_page():
    """This response turned out personal after all (a flashed message): no shared cache keeps it."""
    g.shared_page = False


def is_shared_page():
    return g.get("shared_page", False)


def keep_out_of_caches(blueprint, cache_control="no-store"):
    """No cache (nor the service worker) keeps any page of `blueprint`: they are personal or
    carry CSRF tokens, and must never be stored under a URL another person could load on a
    shared phone. A view that chose its own Cache-Control (a public list) keeps it."""

    @blueprint.after_request
    def no_store(response):
        response.headers.setdefault("Cache-Control", cache_control)
        return response


def same_origin_request():
    """True unless the browser says the request comes from another site.

    Browsers send Sec-Fetch-Site (and Origin on a POST); a request without either does not
    come from a browser page, so there is no victim's session to forge with.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is not None:
        parts = urlsplit(origin)
        return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")
    return True


def vary_on_language(response):
    """Pages differ by the language cookie and Accept-Language; caches must know that."""
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        response.vary.add("Save-Data")  # data-saver mode sends pictures as tap-to-load links
    return response


def revalidate_pages(response):
    """HTML pages carry an ETag; browsers keep them but ask first, and get a 304 if unchanged.

    Runs before compression, which appends the encoding to the ETag ("<sha1>:br"): that is
    what the browser and the service worker hold and send back. Comparing only the part
    before the colon answers a conditional request here, before the body is compressed.
    A page from the page cache (webapp.pagecache) arrives with its ETag already set.
    """
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
    ):
        # Shared pages may be kept by any cache; the rest only by the reader's own browser.
        response.headers.setdefault(
            "Cache-Control", "public, no-cache" if is_shared_page() else "private, no-cache"
        )
        if response.get_etag()[0] is None:
            response.add_etag()
        held = held_etag(response.get_etag()[0])
        if held:
            return not_modified(response, held)
    return response


def held_etag(etag):
    """The validator in If-None-Match that stands for `etag` in any encoding, or None.

    "<sha1>", "<sha1>:br" and "<sha1>:gzip" name the same page: only the compression differs.
    """
    tags = request.if_none_match
    if tags.star_tag:
        return etag
    for tag in tags.as_set():
        if tag.partition(":")[0] == etag:
            return tag
    return None


def not_modified(response, held):
    """Turn `response` into a 304 carrying the validator the browser holds.

    The body is never sent: the WSGI layer drops it and the entity headers of a 304, and
    compression leaves anything but a 2xx alone.
    """
    response.set_etag(held)
    response.status_code = 304
    return response


# A year, subdomains included: once a browser has seen the site over HTTPS it never tries HTTP.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def set_security_headers(response):
    if current_app.config.get("PRODUCTION"):
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def static_file_headers(config):
    """Headers WhiteNoise adds to static files, which never pass through Flask's after_request."""

    def add_headers(headers, path, url):
        headers["X-Content-Type-Options"] = "nosniff"
        if config.get("PRODUCTION"):
            headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY

    return add_headers
