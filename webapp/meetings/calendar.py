"""Meetings as iCalendar (RFC 5545) with the `icalendar` library: a download per meeting and
each person's private feed.

A calendar alarm is the only reminder that fires with no signal, so every event carries two:
a day and two hours before. The UID never changes and SEQUENCE follows the meeting's version,
so a phone that imported the meeting updates it instead of adding a second one.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import url_for
from icalendar import Alarm, Calendar, Event

from webapp.meetings.services import place_text, zone_of
from webapp.models import utcnow

ALARMS = (timedelta(days=1), timedelta(hours=2))


def uid(meeting):
    return f"pertemuan-{meeting.id}@jejaring"


def _local(moment, meeting):
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone_of(meeting))


def event(meeting):
    item = Event()
    item.add("uid", uid(meeting))
    item.add("sequence", meeting.version - 1)
    item.add("dtstamp", utcnow().replace(tzinfo=ZoneInfo("UTC")))
    item.add("dtstart", _local(meeting.starts_at, meeting))
    item.add("dtend", _local(meeting.ends_at, meeting))
    item.add("summary", meeting.title)
    item.add("description", meeting.description)
    item.add("location", place_text(meeting))
    item.add("url", url_for("meetings.meeting", meeting_id=meeting.id, _external=True))
    if meeting.latitude is not None and meeting.longitude is not None:
        item.add("geo", (meeting.latitude, meeting.longitude))
    for before in ALARMS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", meeting.title)
        alarm.add("trigger", -before)
        item.add_component(alarm)
    return item


def to_ics(meetings, name="Jejaring"):
    """The meetings as one calendar, with the time zones (VTIMEZONE) of their places."""
    calendar = Calendar()
    calendar.add("prodid", "-//Jejaring//Pertemuan//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()
