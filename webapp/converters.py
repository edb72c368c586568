"""URL converters for ids and slugs: checked once, at routing, for every area.

A URL whose id or slug cannot exist is a 404 before any view runs, never a database error:
ids are 32-bit integer columns on PostgreSQL, and PostgreSQL refuses NUL in text.
"""

from werkzeug.routing import BaseConverter, IntegerConverter

LARGEST_ID = 2**31 - 1
# The longest slug a column holds (communities, courses, lessons: 140 characters).
LONGEST_SLUG = 140


class IdConverter(IntegerConverter):
    """`<id:name>`: a database id, 1 to 2147483647."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=LARGEST_ID)


class SlugConverter(BaseConverter):
    """`<slug:name>`: one path segment without control characters, at most 140 characters."""

    regex = rf"[^/\x00-\x1f\x7f-\x9f]{{1,{LONGEST_SLUG}}}"


def init_app(app):
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["slug"] = SlugConverter
