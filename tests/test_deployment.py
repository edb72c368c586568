"""The deployment files, run: two gunicorn app servers (deploy/gunicorn.conf.py) behind nginx
(deploy/nginx/jejaring.conf), two job consumers, one PostgreSQL and one Redis, all on 127.0.0.1.

What a person does goes through one server and must hold on the other: a sign-in, a rate limit,
an uploaded picture, the page cache; a job queued by one runs once; nginx serves over TLS, spreads requests,
keeps hashed files, and logs no query strings. Also a backup made by deploy/backup.sh restores.
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import redis
import sqlalchemy as sa

from tests.conftest import DEFAULT_PASSWORD, TEST_DATABASE_MARK, maintenance_engine, picture_bytes, sibling_database
from webapp.extensions import db
from webapp.models import Community

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
REDIS_DB = 14  # this test's own Redis database, emptied before it runs
VENV_BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
    pytest.mark.skipif(not shutil.which("nginx") and not os.environ.get("CI"),
                       reason="nginx is not installed (apt-get install nginx-light)"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Just enough of a browser over http.client: cookies by name, kept whatever the Secure flag
    says (the app servers are reached directly over plain HTTP behind the TLS proxy)."""

    def __init__(self):
        self.cookies = {}

    def request(self, base, method, path, fields=None, files=None, headers=None):
        parts = urlsplit(base)
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30,
                                                     context=ssl._create_unverified_context())
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            boundary = "jejaringtestboundary"
            chunks = []
            for name, value in (fields or {}).items():
                chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
            for name, (filename, data) in files.items():
                chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                              f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
            chunks.append(f"--{boundary}--\r\n".encode())
            body = b"".join(chunks)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return response

    def csrf_token(self, base, path):
        page = self.request(base, "GET", path)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)

    def sign_in(self, base, email, password):
        token = self.csrf_token(base, "/akun/masuk")
        return self.request(base, "POST", "/akun/masuk",
                            {"csrf_token": token, "email": email, "password": password})


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Browser().request(url, "GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not come up")


def nginx_config(tmp_path, http_port, https_port, servers, cert, key):
    """The project's nginx file with this machine's ports, certificate and paths put in."""
    site = (DEPLOY / "nginx" / "jejaring.conf").read_text()
    site = site.replace("server 127.0.0.1:8001", f"server {servers[0]}").replace("server 127.0.0.1:8002", f"server {servers[1]}")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen [::]:80;", "")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;").replace("listen [::]:443 ssl http2;", "")
    site = site.replace("/etc/letsencrypt/live/jejaring.example/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/jejaring.example/privkey.pem", str(key))
    site = site.replace("/var/cache/nginx/jejaring", str(tmp_path / "cache"))
    site = site.replace("/var/log/nginx/jejaring.access.log", str(tmp_path / "access.log"))
    (tmp_path / "site.conf").write_text(site)
    # As root (CI), nginx's workers would drop to www-data, which cannot write in tmp_path.
    user = "user root;" if os.geteuid() == 0 else ""
    main = f"""
{user}
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    (tmp_path / "nginx.conf").write_text(main)
    return tmp_path / "nginx.conf"


@pytest.fixture
def cluster(app, database_url, tmp_path):
    """Two app servers, two job consumers and nginx, sharing the test database and Redis."""
    redis.Redis(db=REDIS_DB).flushdb()
    env = {
        **os.environ,
        "JEJARING_ENV": "production",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "SECRET_KEY": "a-shared-secret-for-both-app-servers-0123456789",
        "SIGNING_KEY": app.config["SIGNING_KEY"],
        "TRUSTED_HOSTS": "127.0.0.1,localhost",
        "PROXY_COUNT": "1",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TEST_DATABASE_URL", None)
    ports = [free_port(), free_port()]
    processes, logs = [], {}

    def start(name, command, **extra):
        log = open(tmp_path / f"{name}.log", "w")
        logs[name] = tmp_path / f"{name}.log"
        processes.append(subprocess.Popen(command, cwd=ROOT, env={**env, **extra}, stdout=log, stderr=subprocess.STDOUT))

    try:
        for index, port in enumerate(ports):
            start(f"app{index}", [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                  GUNICORN_BIND=f"127.0.0.1:{port}")
            start(f"jobs{index}", [str(VENV_BIN / "huey_consumer"), "wsgi.huey", "-w", "1", "-k", "thread",
                                   "--no-periodic"])
        cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        http_port, https_port = free_port(), free_port()
        config = nginx_config(tmp_path, http_port, https_port, [f"127.0.0.1:{p}" for p in ports], cert, key)
        (tmp_path / "cache").mkdir()
        checked = subprocess.run(["nginx", "-t", "-c", str(config)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        start("nginx", ["nginx", "-c", str(config)])
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        for url in servers:
            wait_until_up(url)
        wait_until_up(f"https://127.0.0.1:{https_port}")
        yield {"servers": servers, "proxy": f"https://127.0.0.1:{https_port}", "plain": f"http://127.0.0.1:{http_port}",
               "logs": logs, "access_log": tmp_path / "access.log"}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_two_app_servers_behind_nginx_share_sign_in_limits_pictures_and_jobs(app, cluster, make_user, make_community):
    a, b = cluster["servers"]
    coordinator = make_user("koordinator@contoh.id", name="Sari Koordinator")
    community = make_community("Rumah Baca Senja", coordinators=[coordinator])
    slug = community.slug

    # Signed in through A, signed in on B.
    person = Browser()
    assert person.sign_in(a, "koordinator@contoh.id", DEFAULT_PASSWORD).status == 303
    account = person.request(b, "GET", "/akun")
    assert account.status == 200 and "Sari Koordinator" in account.text
    # Signed out through B, signed out on A too.
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', account.text).group(1)
    person.request(b, "POST", "/akun/keluar", {"csrf_token": token})
    assert person.request(a, "GET", "/akun").status == 302

    # A logo uploaded through A is served by B.
    uploader = Browser()
    uploader.sign_in(b, "koordinator@contoh.id", DEFAULT_PASSWORD)
    token = uploader.csrf_token(a, f"/kelola/{slug}/profil")
    uploaded = uploader.request(a, "POST", f"/kelola/{slug}/logo", {"csrf_token": token},
                                files={"logo": ("logo.png", picture_bytes(size=(400, 400)))})
    assert uploaded.status == 303, uploaded.text[:500]
    with app.app_context():
        logo = db.session.get(Community, community.id).logo
        address = f"/media/{logo.sha256}-{logo.variants[0].width}.webp"
    picture = Browser().request(b, "GET", address)
    assert picture.status == 200 and picture.getheader("Content-Type") == "image/webp"

    # A shared page rendered by one server is kept in Redis, and the other serves it from there
    # (through nginx, as phones reach them: the host is part of the page's key).
    cache = redis.Redis(db=REDIS_DB)
    before = set(cache.keys("jejaring:page:*"))
    etags = {Browser().request(cluster["proxy"], "GET", "/belajar").getheader("ETag") for _ in range(4)}
    assert len(etags) == 1 and len(set(cache.keys("jejaring:page:*")) - before) == 1

    # A reset mail queued through A is sent once, by one of the two consumers.
    asker = Browser()
    token = asker.csrf_token(a, "/akun/lupa-sandi")
    assert asker.request(a, "POST", "/akun/lupa-sandi", {"csrf_token": token, "email": "koordinator@contoh.id"}).status == 303
    deadline = time.monotonic() + 30
    sent = 0
    while time.monotonic() < deadline and not sent:
        sent = sum(path.read_text().count("To: koordinator@contoh.id") for name, path in cluster["logs"].items()
                   if name.startswith("jobs"))
        time.sleep(0.3)
    time.sleep(2)  # a second consumer that took the same job would have logged it by now
    assert sum(path.read_text().count("To: koordinator@contoh.id") for name, path in cluster["logs"].items()
               if name.startswith("jobs")) == 1

    # Sign-in attempts from one address count on both servers together (10 a minute).
    stranger = Browser()
    statuses = []
    for attempt in range(12):
        server = (a, b)[attempt % 2]
        token = stranger.csrf_token(server, "/akun/masuk")
        statuses.append(stranger.request(server, "POST", "/akun/masuk", {
            "csrf_token": token, "email": f"tamu{attempt}@contoh.id", "password": "salah-salah-salah"}).status)
    # Three sign-ins above came from this address too (the person, the uploader).
    assert 429 in statuses and statuses.index(429) == 10 - 2
    assert all(status == 429 for status in statuses[statuses.index(429):])

    # nginx in front: TLS, requests spread over both servers, hashed files kept, no queries logged.
    proxy = cluster["proxy"]
    visitor = Browser()
    for _ in range(4):
        health = visitor.request(proxy, "GET", "/healthz")
        assert health.status == 200 and json.loads(health.text) == {"database": "ok", "redis": "ok"}
    home = visitor.request(proxy, "GET", "/")
    assert home.status == 200
    assert home.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
    # Plain HTTP is sent to HTTPS.
    moved = visitor.request(cluster["plain"], "GET", "/komunitas?q=rahasia")
    assert moved.status == 301 and moved.getheader("Location").startswith("https://")
    # A hashed static file is fetched from an app server once, then served by nginx.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{8,}\.css)"', home.text).group(1)
    first, second = visitor.request(proxy, "GET", stylesheet), visitor.request(proxy, "GET", stylesheet)
    assert first.status == second.status == 200
    assert (first.getheader("X-Cache"), second.getheader("X-Cache")) == ("MISS", "HIT")
    visitor.request(proxy, "GET", "/komunitas?q=rahasia-pribadi")
    lines = [json.loads(line) for line in cluster["access_log"].read_text().splitlines()]
    for path in ("/healthz", "/belajar"):  # both servers answered, the page from the shared cache
        assert {line["upstream"] for line in lines if line["path"] == path} == {
            urlsplit(server).netloc for server in cluster["servers"]}
    assert "rahasia" not in cluster["access_log"].read_text()
    for name, path in cluster["logs"].items():
        assert "rahasia" not in path.read_text(), name


def test_a_backup_restores_into_an_empty_database(app, database_url, make_community, tmp_path):
    make_community("Komunitas Cadangan")
    env = {**os.environ, "DATABASE_URL": database_url}
    dump = subprocess.run([str(DEPLOY / "backup.sh"), str(tmp_path), "2"], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()
    assert Path(dump).exists()
    target = sibling_database(database_url, "restore_check")
    name = sa.engine.make_url(target).database
    admin = maintenance_engine(database_url)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        connection.execute(sa.text(f"COMMENT ON DATABASE \"{name}\" IS '{TEST_DATABASE_MARK}'"))
    try:
        subprocess.run([str(DEPLOY / "restore.sh"), dump], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={**env, "DATABASE_URL": target, "FLASK": str(VENV_BIN / "flask"),
                            "SIGNING_KEY": app.config["SIGNING_KEY"]})
        restored = sa.create_engine(target)
        with restored.connect() as connection:
            names = connection.scalars(sa.text("SELECT name FROM community")).all()
        restored.dispose()
        assert names == ["Komunitas Cadangan"]
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
