"""The directory: communities and the focus categories they choose."""

from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Hideable, Versioned
from webapp.models.images import Image
from webapp.models.regions import PROVINCE_SHORT_NAMES, Province, Regency
from webapp.text import fold


community_category = sa.Table(
    "community_category",
    db.metadata,
    sa.Column("community_id", sa.ForeignKey("community.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("category_id", sa.ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


def category_ids_text(ids):
    """Category ids as Community.category_ids holds them: " 3 12 ", so " 3 " finds one exactly."""
    return "".join(f" {id_} " for id_ in sorted(ids)).replace("  ", " ")


def focus_of(category_ids, categories):
    """Those of `categories`, in their order, that `category_ids` (" 3 12 ") names."""
    return [c for c in categories if f" {c.id} " in category_ids]


class Focus(NamedTuple):
    """A category as a page lists it (the directory's filter and cards, the home page): a plain
    row, which costs a tenth of loading the ORM's Category. See Category.listed."""

    id: int
    slug: str
    name: str
    name_en: str

    def label(self, locale):
        return self.name_en if locale == "en" else self.name


class Category(db.Model):
    """A focus category from the agreed taxonomy that admins manage."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    name_en: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)

    def label(self, locale):
        return self.name_en if locale == "en" else self.name

    @classmethod
    def in_order(cls):
        """Every category in the order everyone sees (the admins arrange it): by position, then id."""
        return db.session.scalars(sa.select(cls).order_by(cls.position, cls.id)).all()

    @classmethod
    def listed(cls):
        """The same categories in the same order, as Focus rows: for pages that only show them."""
        table = cls.__table__
        rows = db.session.connection().execute(
            sa.select(table.c.id, table.c.slug, table.c.name, table.c.name_en).order_by(table.c.position, table.c.id)
        )
        return [Focus(*row) for row in rows]


class Community(Hideable, Versioned, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    headline: Mapped[str] = mapped_column(sa.String(160))
    vision: Mapped[str] = mapped_column(sa.Text, default="")
    mission: Mapped[str] = mapped_column(sa.Text, default="")
    founded_year: Mapped[int | None]
    member_count: Mapped[int | None]
    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"), index=True)
    regency_code: Mapped[str] = mapped_column(sa.ForeignKey("regency.code"), index=True)
    # Contact details: shown only to those the coordinators accept, never in public HTML.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    # The one address the community chose to publish (a proposal e-mail for government, say):
    # shown to everyone under its own label, never filled from the contacts above.
    public_email: Mapped[str | None] = mapped_column(sa.String(254))
    website: Mapped[str | None] = mapped_column(sa.String(255))
    instagram: Mapped[str | None] = mapped_column(sa.String(255))
    facebook: Mapped[str | None] = mapped_column(sa.String(255))
    logo_id: Mapped[int | None] = mapped_column(sa.ForeignKey("image.id"))
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    # Folded text of everything a search word may match (see refresh_search_text).
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    # Its category ids as " 3 12 " (see refresh_search_text), so the directory's focus filter
    # checks the row it reads instead of looking up the link table once per community.
    category_ids: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    province: Mapped[Province] = relationship()
    regency: Mapped[Regency] = relationship()
    logo: Mapped[Image | None] = relationship()
    categories: Mapped[list[Category]] = relationship(
        secondary=community_category, order_by="(Category.position, Category.id)"
    )
    coordinatorships: Mapped[list["Coordinatorship"]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Coordinatorship.id"
    )
    programs: Mapped[list["Program"]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Program.id"
    )
    campaigns: Mapped[list["Campaign"]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Campaign.id"
    )
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    def focus_in(self, categories):
        """Those of `categories` (Category.listed) this community chose, without a query."""
        return focus_of(self.category_ids or "", categories)

    @property
    def is_verified(self):
        return self.verified_at is not None

    @property
    def coordinators(self):
        return [c.user for c in self.coordinatorships]

    def coordinators_in_public(self):
        """(names, how many chose no name): the coordinators as each chose to appear publicly."""
        names = [c.name_in_public() for c in self.coordinatorships]
        return [name for name in names if name], names.count(None)

    def active_campaigns(self, today=None):
        today = today or date.today()
        return [c for c in self.campaigns if c.is_active(today)]

    def refresh_search_text(self):
        """Recompute the folded search text that the directory's words are matched against.

        Call after changing the profile, its focus, programs or campaigns, or a category's names.
        It holds the community's own text, its kabupaten/kota and province (with the short forms
        people type, "NTT", "Jabar"), its focus names in both languages, its programs and
        campaigns: so 'Kupang', 'literacy' or 'NTT' find what a person means.
        """
        # By code, not through the relationships: those still hold the old place until a flush.
        regency = db.session.get(Regency, self.regency_code)
        province = db.session.get(Province, self.province_code)
        parts = [self.name, self.headline, self.vision]
        parts += [regency.name if regency else "", province.name if province else ""]
        parts += PROVINCE_SHORT_NAMES.get(self.province_code, ())
        parts += [name for c in self.categories for name in (c.name, c.name_en)]
        parts += [text for p in self.programs for text in (p.title, p.description)]
        parts += [c.title for c in self.campaigns]
        self.search_text = fold(" ".join(p for p in parts if p))
        self.category_ids = category_ids_text(c.id for c in self.categories)
