"""Background jobs: mail leaves the request, survives a mail server that is down, and the queue
lives where the configuration says."""

import smtplib
from datetime import datetime, timedelta

import pytest
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from webapp import create_app, jobs
from webapp.jobs import huey
from webapp.models import utcnow
from webapp.notifications.services import look_for_stale_programs  # noqa: F401  (registers the daily task)


class MailServer:
    """Stands in for smtplib.SMTP: records what it was given, or refuses while `down`."""

    def __init__(self):
        self.sent = []
        self.down = False

    def __call__(self, host, port, timeout):
        if self.down:
            raise ConnectionRefusedError("the mail server is down")
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def send_message(self, message):
        self.sent.append((message["To"], message["Subject"], message.get_content()))


@pytest.fixture
def mail_server(app, monkeypatch):
    server = MailServer()
    monkeypatch.setattr(smtplib, "SMTP", server)
    app.config["MAIL_SERVER"] = "mail.contoh.id"
    return server


@pytest.fixture
def queue(app, tmp_path):
    """Jobs go to a real queue (a SQLite file) and wait for a consumer, as in production."""
    app.config.update(JOBS_IMMEDIATE=False, JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite"))
    jobs.init_app(app)
    yield huey
    app.config["JOBS_IMMEDIATE"] = True
    jobs.init_app(app)


def consume(queue, now=None):
    """Do what a consumer does at `now`: run every task that is due, outside any app context."""
    now = now or utcnow()
    tasks = queue.read_schedule(now)
    while (task := queue.dequeue()) is not None:
        tasks.append(task)
    for task in tasks:
        queue.execute(task, timestamp=now)
    return len(tasks)


def test_mail_is_sent_by_a_job_not_in_the_request(app, client, make_user, mail_server, queue):
    make_user("rina@contoh.id")
    response = client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"})

    assert response.status_code == 303 and response.headers["Location"] == "/akun/masuk"
    assert mail_server.sent == []  # the request only queued it
    assert queue.pending_count() == 1

    assert consume(queue) == 1
    [(to, subject, body)] = mail_server.sent
    assert to == "rina@contoh.id" and subject == "Atur ulang kata sandi Jejaring"
    assert "http://localhost/akun/tautan/" in body


def test_a_mail_server_that_is_down_gets_the_message_later(app, client, make_user, mail_server, queue):
    make_user("rina@contoh.id")
    mail_server.down = True
    response = client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Jika alamat itu terdaftar" in response.get_data(as_text=True)

    consume(queue)  # the first try fails; the job waits a minute
    assert mail_server.sent == [] and queue.pending_count() == 0
    [waiting] = queue.scheduled()
    assert waiting.retries == 4

    mail_server.down = False
    assert consume(queue) == 0  # not due yet
    consume(queue, now=utcnow() + timedelta(minutes=2))
    assert [to for to, _, _ in mail_server.sent] == ["rina@contoh.id"]
    assert queue.scheduled() == []


def test_an_invitation_succeeds_while_the_mail_server_is_down(app, client, auth, make_user, make_community,
                                                             mail_server, caplog):
    coordinator = make_user("rina@contoh.id", name="Rina")
    make_community(coordinators=[coordinator])
    mail_server.down = True
    auth.login("rina@contoh.id")

    response = client.post("/kelola/rumah-baca-senja/koordinator/undang", data={"email": "budi@contoh.id"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Undangan dikirim ke budi@contoh.id" in page
    assert "budi@contoh.id" in page  # listed among the open invitations
    # The job ran in the request (immediate mode in tests), failed, and keeps the message.
    [waiting] = huey.scheduled()
    assert waiting.args[0] == "budi@contoh.id"


@pytest.mark.parametrize(
    ("config", "storage"),
    [
        ({}, SqliteStorage),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, RedisStorage),
        ({"JOBS_IMMEDIATE": True, "REDIS_URL": "redis://127.0.0.1:6379/0"}, MemoryStorage),
    ],
)
def test_the_queue_lives_where_the_configuration_says(database_url, tmp_path, config, storage):
    from tests.conftest import test_config

    settings = test_config(database_url, **{"JOBS_IMMEDIATE": False, **config})
    try:
        app = create_app(settings)
        assert isinstance(huey.storage, storage)
        assert huey.immediate == settings["JOBS_IMMEDIATE"]
        if storage is SqliteStorage:  # one laptop: the queue is a file beside the database
            assert huey.storage.filename == app.instance_path + "/jobs.sqlite"
    finally:
        create_app(test_config(database_url))


def test_stale_programs_are_looked_for_every_morning_in_jakarta(app):
    def due(at):
        return [task.name for task in huey.read_periodic(at)]

    # Other periodic jobs (meeting offers every quarter hour, retention at night) run too.
    assert "look_for_stale_programs" in due(datetime(2026, 12, 1, 1, 0))  # 08:00 WIB
    assert "look_for_stale_programs" in due(datetime(2026, 12, 2, 1, 0))
    assert "look_for_stale_programs" not in due(datetime(2026, 12, 1, 13, 0)) + due(datetime(2026, 12, 1, 1, 1))
