"""Lesson text: Markdown written by facilitators, rendered on the server into safe, light HTML.

markdown-it-py renders CommonMark with raw HTML turned off, so `<script>` typed into a lesson
comes out as text; nh3 then cleans the result against a short list of tags and attributes, a
second wall should a rule here ever emit something unsafe.

Pictures: a lesson shows only pictures stored by the image pipeline, written as
`![what it shows](/media/<sha256>-720.webp)` (the editor's upload gives that line). They are
sent like every other picture of the app (srcset, width and height, lazy; a tap-to-load link in
data-saver mode). Any other picture address becomes its description in brackets: a lesson
never makes the reader's phone fetch from another host.
"""

import math
import re

import nh3
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import escape

from webapp.templating import human_size

MEDIA_URL = re.compile(r"^/media/(?P<sha>[0-9a-f]{64})-\d+\.webp$")
# The lesson column is 46rem wide at most, 100% of a phone's screen below that.
LESSON_IMAGE_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
WORDS_PER_MINUTE = 200

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "hr", "br", "img", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
}
# No style attributes: the CSP allows no inline styles (table column alignment is dropped).
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "data-src", "data-srcset", "data-sizes", "data-width",
          "data-height", "data-alt", "data-label"},
    "img": {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding", "class"},
    "ol": {"start"},
}


def media_sha(src):
    """The sha256 of a picture address of ours (`/media/<sha>-720.webp`), else None."""
    match = MEDIA_URL.match(src or "")
    return match["sha"] if match else None


def image_shas(text):
    """Every stored picture a Markdown text refers to, so they can be loaded in one query."""
    return set(re.findall(r"/media/([0-9a-f]{64})-\d+\.webp", text or ""))


def _picture_html(image, alt, data_saver):
    """One stored lesson picture, the way the `picture` macro in _media.html sends logos."""
    from flask import url_for

    variants = image.variants
    smallest, largest = variants[0], variants[-1]
    src = url_for("media.image", sha=image.sha256, width=smallest.width)
    srcset = ", ".join(
        f"{url_for('media.image', sha=image.sha256, width=v.width)} {v.width}w" for v in variants
    )
    width, height = largest.width, largest.height
    if largest.width > image.width:  # a small original is stored at its own width
        width, height = image.width, image.height
    alt = escape(alt)
    if data_saver:
        label = escape(_("Gambar · %(size)s · ketuk untuk memuat")) % {"size": human_size(smallest.size)}
        return (
            f'<a class="tap-to-load lesson-image" href="{src}" data-src="{src}" '
            f'data-srcset="{srcset}" data-sizes="{LESSON_IMAGE_SIZES}" data-width="{width}" '
            f'data-height="{height}" data-alt="{alt}">{label}</a>'
        )
    return (
        f'<img class="lesson-image" src="{src}" srcset="{srcset}" sizes="{LESSON_IMAGE_SIZES}" '
        f'width="{width}" height="{height}" alt="{alt}" loading="lazy" decoding="async">'
    )


def _parser(images, data_saver):
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

    def render_image(renderer, tokens, index, options, env):
        token = tokens[index]
        alt = "".join(child.content for child in token.children or [])
        image = images.get(media_sha(token.attrGet("src")))
        if image is None or not image.variants:
            return f"<em>[{escape(_('gambar: %(alt)s', alt=alt) if alt else _('gambar'))}]</em>"
        return _picture_html(image, alt, data_saver)

    parser.add_render_rule("image", render_image)
    return parser


def render(text, images=None, data_saver=False):
    """Safe HTML of a lesson's Markdown. `images` maps sha256 to the Image rows it refers to."""
    parser = _parser(images or {}, data_saver)
    tokens = parser.parse(text or "")
    # The page's own title is the h1: a lesson's highest heading becomes an h2 and the others
    # keep their distance from it, so no level is skipped (screen readers navigate by them).
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    if headings:
        shift = 2 - min(int(t.tag[1]) for t in headings)
        for token in headings:
            token.tag = "h" + str(min(4, int(token.tag[1]) + shift))
    html = parser.renderer.render(tokens, parser.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return _scrollable_tables(clean)


def _scrollable_tables(html):
    """Each table in a box that scrolls sideways on a narrow screen. The box takes keyboard
    focus (arrow keys scroll it) and has a name for screen readers; the stylesheet shades the
    edge where more of the table is hidden. Added after cleaning: nh3 lets no tabindex in."""
    if "<table>" not in html:
        return html
    label = escape(_("Tabel, geser ke samping untuk melihat semuanya"))
    opening = f'<div class="scroll-x" tabindex="0" role="region" aria-label="{label}"><table>'
    return html.replace("<table>", opening).replace("</table>", "</table></div>")


def reading_minutes(text):
    """Minutes a reader needs, at 200 words a minute, never less than one."""
    words = len(re.findall(r"\w+", text or ""))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
