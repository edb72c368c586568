"""The image pipeline: only real pictures get in, they leave their metadata behind, and they are
served as small WebPs that browsers may keep for a year."""

import io
import os
import struct
import zlib

import pytest
import sqlalchemy as sa
from PIL import ExifTags
from PIL import Image as Picture
from werkzeug.exceptions import RequestEntityTooLarge

from tests.conftest import picture_bytes
from webapp.extensions import db
from webapp.images import ImageRejected, store_image
from webapp.models import Community, Image, ImageVariant

MB = 1024 * 1024


def exif_with_gps_and_orientation(orientation=6):
    exif = Picture.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Kamera Ponsel"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 54.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (107.0, 36.0, 0.0)
    return exif


def png_declaring(width, height):
    """A tiny PNG whose header claims a huge picture: a decompression bomb's calling card."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def store(app, data, **options):
    with app.test_request_context():
        image = store_image(data, **options)
        db.session.commit()
        return image.sha256


def variants(app, sha):
    with app.app_context():
        image = db.session.scalar(sa.select(Image).where(Image.sha256 == sha))
        return image, [(v.width, v.height, v.data) for v in image.variants]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_accepted_formats_become_webp_sizes_without_metadata(app, fmt):
    exif = None if fmt == "GIF" else exif_with_gps_and_orientation(orientation=1)
    sha = store(app, picture_bytes(fmt, size=(400, 300), exif=exif))
    _image, stored = variants(app, sha)
    assert [width for width, _h, _d in stored] == [64, 128, 256]
    for width, height, data in stored:
        picture = Picture.open(io.BytesIO(data))
        assert picture.format == "WEBP"
        assert picture.size == (width, width) == (width, height)  # logos are cropped square
        assert dict(picture.getexif()) == {}
        assert picture.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "exif" not in picture.info and "xmp" not in picture.info


def test_the_original_really_carried_gps_so_the_test_above_means_something():
    original = Picture.open(io.BytesIO(picture_bytes("JPEG", exif=exif_with_gps_and_orientation())))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "S"


def test_exif_orientation_is_applied_to_the_pixels(app):
    # A phone photo stored landscape with "rotate 90°" in its EXIF is really a portrait.
    sha = store(app, picture_bytes("JPEG", size=(400, 200), exif=exif_with_gps_and_orientation(6)), square=False)
    image, stored = variants(app, sha)
    assert (image.width, image.height) == (200, 400)
    assert [(w, h) for w, h, _d in stored] == [(64, 128), (128, 256), (256, 400)]
    assert Picture.open(io.BytesIO(stored[-1][2])).size == (200, 400)


def test_small_pictures_are_never_upscaled(app):
    sha = store(app, picture_bytes("PNG", size=(50, 80)))
    _image, stored = variants(app, sha)
    assert [Picture.open(io.BytesIO(d)).size for _w, _h, d in stored] == [(50, 50), (50, 50), (50, 50)]


def test_transparency_is_kept(app):
    sha = store(app, picture_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0)))
    _image, stored = variants(app, sha)
    assert Picture.open(io.BytesIO(stored[0][2])).mode == "RGBA"


def test_the_same_upload_twice_is_stored_once(app):
    data = picture_bytes("PNG")
    assert store(app, data) == store(app, data)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Image.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(ImageVariant.id))) == 3


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"ini hanya teks biasa, bukan gambar", id="text-named-png"),
        pytest.param(b"%PDF-1.4\n" + b"x" * 100, id="pdf"),
        pytest.param(picture_bytes("BMP"), id="bmp"),
        pytest.param(picture_bytes("TIFF"), id="tiff"),
        pytest.param(picture_bytes("PNG")[:120], id="truncated-png"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", id="svg"),
        pytest.param(b"", id="empty"),
    ],
)
def test_anything_but_a_readable_picture_is_refused(app, data):
    with app.test_request_context(), pytest.raises(ImageRejected) as refused:
        store_image(data)
    assert "gambar" in refused.value.message
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Image.id))) == 0


@pytest.mark.parametrize("width, height", [(20000, 20000), (7000, 7000), (12001, 1)])
def test_decompression_bombs_are_refused_from_the_header(app, width, height):
    with app.test_request_context(), pytest.raises(ImageRejected) as refused:
        store_image(png_declaring(width, height))
    assert "terlalu besar" in refused.value.message


def test_the_pixel_limit_is_what_counts(app, monkeypatch):
    monkeypatch.setattr(Picture, "MAX_IMAGE_PIXELS", 100 * 100 - 1)
    with app.test_request_context(), pytest.raises(ImageRejected) as refused:
        store_image(picture_bytes("PNG", size=(100, 100)))
    assert "terlalu besar" in refused.value.message


def test_a_png_too_big_to_decode_cheaply_is_refused_though_small_in_bytes(app):
    """5000 x 4000 of one colour is a few KB as PNG, and 80 MB of memory once decoded."""
    data = picture_bytes("PNG", size=(5000, 4000))
    assert len(data) < 200 * 1024
    with app.test_request_context(), pytest.raises(ImageRejected) as refused:
        store_image(data)
    assert "terlalu besar" in refused.value.message


def test_a_phone_camera_jpeg_is_decoded_at_a_fraction_of_its_size(app, monkeypatch):
    """A 35-megapixel photo is welcome, but only the pixels the stored sizes need are decoded."""
    from webapp import images

    decoded = []
    real_decode = images._decode
    monkeypatch.setattr(images, "_decode", lambda data, needed: decoded.append(real_decode(data, needed)) or decoded[-1])

    with app.test_request_context():
        image = store_image(picture_bytes("JPEG", size=(7000, 5000)))
        assert (image.width, image.height) == (7000, 5000)
        assert [v.width for v in image.variants] == [64, 128, 256]
    # JPEG decodes at 1/2, 1/4 or 1/8 scale: never more than twice what the widest logo needs.
    assert decoded[0][0].width <= 4 * 256


def test_the_same_photo_as_a_logo_and_in_a_lesson_keeps_each_shape(app):
    from webapp.images import store_lesson_image

    data = picture_bytes("PNG", size=(900, 500))
    with app.test_request_context():
        logo = store_image(data)
        lesson_picture = store_lesson_image(data)
        db.session.commit()
        assert logo.sha256 != lesson_picture.sha256
        assert {(v.width, v.height) for v in logo.variants} == {(64, 64), (128, 128), (256, 256)}
        assert {(v.width, v.height) for v in lesson_picture.variants} == {(360, 200), (720, 400)}


def test_store_image_refuses_more_than_the_logo_limit(app):
    data = picture_bytes("PNG") + b"\x00" * (5 * MB)
    with app.test_request_context(), pytest.raises(RequestEntityTooLarge):
        store_image(data)


@pytest.fixture
def signed_in_coordinator(app, client, auth, make_user, make_community):
    user = make_user("koordinator@contoh.id")
    make_community("Rumah Baca Senja", coordinators=[user])
    auth.login("koordinator@contoh.id")
    return client


@pytest.mark.parametrize("size", [5 * MB + 1, 5 * MB + 512 * 1024, 6 * MB + 1, 7 * MB])
def test_uploads_over_five_megabytes_get_413(app, signed_in_coordinator, size):
    picture = picture_bytes("PNG")
    data = picture + os.urandom(size - len(picture))  # random bytes: no compression can shrink it
    response = signed_in_coordinator.post(
        "/kelola/rumah-baca-senja/logo", data={"logo": (io.BytesIO(data), "logo.png")}
    )
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Community.logo_id)) is None


def test_media_serves_variants_with_immutable_caching(app, client):
    sha = store(app, picture_bytes("PNG"))
    response = client.get(f"/media/{sha}-64.webp")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control and "max-age=31536000" in cache_control and "immutable" in cache_control
    assert Picture.open(io.BytesIO(response.data)).size == (64, 64)
    etag = response.headers["ETag"]
    assert etag
    again = client.get(f"/media/{sha}-64.webp", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize(
    "path",
    ["/media/{sha}-100.webp", "/media/{sha}-99999999999999999999.webp", "/media/{other}-64.webp",
     "/media/{sha}-64.png", "/media/%00-64.webp"],
)
def test_media_answers_404_for_unknown_images_and_sizes(app, client, path):
    sha = store(app, picture_bytes("PNG"))
    assert client.get(path.format(sha=sha, other="0" * 64)).status_code == 404
