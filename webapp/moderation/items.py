"""What can be reported, and for each kind of item: its name, its page, who answers for it.

The one place that knows the kinds; the forms, the queue and the notices all read from here.
"""

from dataclasses import dataclass
from typing import Callable

from flask import url_for
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.models import Campaign, Community, Course, Lesson, Program, User


def _profile(community):
    return url_for("directory.profile", slug=community.slug)


def _authors(content):
    """Who answers for a lesson or course: whoever saved it last."""
    return [content.updated_by] if content.updated_by else []


@dataclass(frozen=True)
class ItemKind:
    model: type
    label: object  # lazy string: "profil komunitas", "pelajaran", ...
    title: Callable  # item -> the name people know it by
    link: Callable  # item -> the path where it is read; None for an account
    affected: Callable  # item -> the accounts told about a decision, who may answer it
    community: Callable = lambda item: None  # item -> the community the audit log files it under
    # Lessons and courses are the facilitators' work, so facilitators moderate them too.
    content: bool = False
    # Published only: an unpublished lesson is not public, so nobody but its author has seen it.
    public: Callable = lambda item: True
    # An account's name is not told to whoever puts its id into a report link.
    named_to_reporter: bool = True

    def reporter_title(self, item):
        """What a reporter is told the item is: its title, or for an account just "akun"."""
        return self.title(item) if self.named_to_reporter else str(self.label)


# The keys are what the "Laporkan" links carry: /lapor?jenis=program&id=12.
ITEM_KINDS = {
    "komunitas": ItemKind(
        Community, _l("profil komunitas"), lambda c: c.name, _profile, lambda c: c.coordinators,
        community=lambda c: c,
    ),
    "program": ItemKind(
        Program, _l("program"), lambda p: p.title, lambda p: _profile(p.community),
        lambda p: p.community.coordinators, community=lambda p: p.community,
    ),
    "kampanye": ItemKind(
        Campaign, _l("kampanye"), lambda c: c.title, lambda c: _profile(c.community),
        lambda c: c.community.coordinators, community=lambda c: c.community,
    ),
    "pelajaran": ItemKind(
        Lesson, _l("pelajaran"), lambda lesson: lesson.title,
        lambda lesson: url_for("learning.lesson", course_slug=lesson.course.slug, lesson_slug=lesson.slug),
        _authors, content=True, public=lambda lesson: lesson.published and lesson.course.published,
    ),
    "kursus": ItemKind(
        Course, _l("kursus"), lambda course: course.title, lambda course: url_for("learning.course", slug=course.slug),
        _authors, content=True, public=lambda course: course.published,
    ),
    "akun": ItemKind(
        User, _l("akun"), lambda user: user.name, lambda user: None, lambda user: [user], named_to_reporter=False,
    ),
}


def find_item(kind, item_id):
    """The item of this kind and id, or None (an unknown kind, or nothing there)."""
    spec = ITEM_KINDS.get(kind)
    if spec is None or item_id is None:
        return None
    return db.session.get(spec.model, item_id)
