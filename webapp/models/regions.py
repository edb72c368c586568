"""Places by their Kemendagri codes: provinces, kabupaten/kota and kecamatan."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db


class Province(db.Model):
    """A province with its Kemendagri code, e.g. 32 Jawa Barat."""

    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))

    regencies: Mapped[list["Regency"]] = relationship(
        back_populates="province", order_by="Regency.name"
    )


class Regency(db.Model):
    """A kabupaten or kota with its Kemendagri code, e.g. 32.73 Kota Bandung."""

    code: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))

    province: Mapped[Province] = relationship(back_populates="regencies")


class District(db.Model):
    """A kecamatan with its Kemendagri code, e.g. 32.73.01 Sukasari; programs are placed down to it."""

    code: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    regency_code: Mapped[str] = mapped_column(sa.ForeignKey("regency.code"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))

    regency: Mapped[Regency] = relationship()


# The short forms people type for provinces, by Kemendagri code; a search for one finds the
# province's communities as its full name does.
PROVINCE_SHORT_NAMES = {
    "11": ("NAD",),
    "12": ("Sumut",),
    "13": ("Sumbar",),
    "16": ("Sumsel",),
    "19": ("Babel",),
    "21": ("Kepri",),
    "31": ("DKI",),
    "32": ("Jabar",),
    "33": ("Jateng",),
    "34": ("DIY", "Jogja"),
    "35": ("Jatim",),
    "52": ("NTB",),
    "53": ("NTT",),
    "61": ("Kalbar",),
    "62": ("Kalteng",),
    "63": ("Kalsel",),
    "64": ("Kaltim",),
    "65": ("Kaltara",),
    "71": ("Sulut",),
    "72": ("Sulteng",),
    "73": ("Sulsel",),
    "74": ("Sultra",),
    "76": ("Sulbar",),
    "82": ("Malut",),
    "92": ("Pabar",),
    "96": ("PBD",),
}
