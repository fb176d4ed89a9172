"""Opening hours: open/closed at a moment, and hours described in words."""
from datetime import date, datetime, timezone

import pytest

from infotocka.directory.hours import describe, days_label, is_holiday, is_open
from infotocka.models import Schedule

WORKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def sched(byday=WORKDAYS, opens="08:00", closes="15:00", valid_from=None, valid_to=None, description=None):
    return Schedule(byday=byday, opens_at=opens, closes_at=closes, valid_from=valid_from,
                    valid_to=valid_to, description=description)


def at(text: str) -> datetime:
    """A naive local time, "2025-03-04 09:30" (a Tuesday)."""
    return datetime.fromisoformat(text)


# 2025-03-03 is a Monday; 2025-03-08 a Saturday; 2025-03-09 a Sunday.
OFFICE = [sched()]


@pytest.mark.parametrize("moment, expected", [
    ("2025-03-03 08:00", True),     # opening minute is open
    ("2025-03-03 07:59", False),
    ("2025-03-03 14:59", True),
    ("2025-03-03 15:00", False),    # closing minute is closed
    ("2025-03-07 12:00", True),     # Friday
    ("2025-03-08 12:00", False),    # Saturday
    ("2025-03-09 12:00", False),    # Sunday
])
def test_office_hours(moment, expected):
    assert is_open(OFFICE, at(moment)) is expected


def test_several_intervals_a_day():
    split = [sched(opens="08:00", closes="12:00"), sched(opens="13:00", closes="15:00")]
    assert is_open(split, at("2025-03-04 11:59")) is True
    assert is_open(split, at("2025-03-04 12:30")) is False
    assert is_open(split, at("2025-03-04 13:00")) is True
    assert is_open(split, at("2025-03-04 15:30")) is False


def test_different_days_different_hours():
    week = [sched(byday="MO,WE", opens="08:00", closes="17:00"), sched(byday="TU,TH,FR", opens="08:00", closes="13:00")]
    assert is_open(week, at("2025-03-05 16:00")) is True   # Wednesday long day
    assert is_open(week, at("2025-03-06 16:00")) is False  # Thursday short day


@pytest.mark.parametrize("moment", ["2025-03-03 00:00", "2025-03-08 03:00", "2025-03-09 23:59", "2025-12-25 12:00"])
def test_round_the_clock_is_always_open(moment):
    assert is_open([sched(EVERY_DAY, "00:00", "24:00")], at(moment)) is True


def test_equal_times_mean_the_whole_day():
    assert is_open([sched(EVERY_DAY, "00:00", "00:00")], at("2025-03-04 23:30")) is True


def test_weekend_only():
    weekend = [sched("SA,SU", "09:00", "12:00")]
    assert is_open(weekend, at("2025-03-08 10:00")) is True
    assert is_open(weekend, at("2025-03-09 11:59")) is True
    assert is_open(weekend, at("2025-03-10 10:00")) is False


class TestPastMidnight:
    NIGHT = [sched(EVERY_DAY, "19:00", "07:00")]
    FRIDAY_NIGHT = [sched("FR", "22:00", "04:00")]

    def test_open_in_the_evening_and_the_next_morning(self):
        assert is_open(self.NIGHT, at("2025-03-04 19:00")) is True
        assert is_open(self.NIGHT, at("2025-03-05 02:00")) is True
        assert is_open(self.NIGHT, at("2025-03-05 06:59")) is True
        assert is_open(self.NIGHT, at("2025-03-05 07:00")) is False
        assert is_open(self.NIGHT, at("2025-03-05 12:00")) is False

    def test_the_morning_counts_the_previous_day(self):
        assert is_open(self.FRIDAY_NIGHT, at("2025-03-08 02:00")) is True   # Saturday morning, Friday's night
        assert is_open(self.FRIDAY_NIGHT, at("2025-03-07 02:00")) is False  # Friday morning: Thursday had none
        assert is_open(self.FRIDAY_NIGHT, at("2025-03-07 23:00")) is True
        assert is_open(self.FRIDAY_NIGHT, at("2025-03-08 04:00")) is False

    def test_previous_day_holiday_closes_its_night(self):
        # 2025-12-25 (Thursday) is a holiday; Thursday's night shift does not run into Friday morning
        thursday_night = [sched("TH", "22:00", "04:00")]
        assert is_open(thursday_night, at("2025-12-26 02:00")) is False
        assert is_open(thursday_night, at("2025-03-07 02:00")) is True


class TestSeasons:
    REGULAR = sched(opens="08:00", closes="15:00")
    SUMMER = sched(opens="07:00", closes="12:00", valid_from=date(2025, 7, 1), valid_to=date(2025, 8, 31))

    def test_seasonal_hours_replace_regular_ones(self):
        both = [self.REGULAR, self.SUMMER]
        assert is_open(both, at("2025-07-15 13:00")) is False  # summer: closes at 12
        assert is_open(both, at("2025-07-15 07:30")) is True
        assert is_open(both, at("2025-09-02 13:00")) is True   # regular again
        assert is_open(both, at("2025-09-02 07:30")) is False

    def test_validity_bounds_are_inclusive(self):
        both = [self.REGULAR, self.SUMMER]
        assert is_open(both, at("2025-07-01 07:30")) is True
        assert is_open(both, at("2025-08-29 07:30")) is True  # Friday, last weekday of summer
        assert is_open(both, at("2025-06-30 07:30")) is False

    def test_only_seasonal_is_closed_out_of_season(self):
        assert is_open([self.SUMMER], at("2025-10-01 09:00")) is False

    def test_open_ended_validity(self):
        from_march = [sched(valid_from=date(2025, 3, 1))]
        until_march = [sched(valid_to=date(2025, 3, 31))]
        assert is_open(from_march, at("2026-01-05 09:00")) is True
        assert is_open(from_march, at("2025-02-28 09:00")) is False
        assert is_open(until_march, at("2025-03-31 09:00")) is True
        assert is_open(until_march, at("2025-04-01 09:00")) is False


class TestHolidays:
    @pytest.mark.parametrize("day", [date(2025, 1, 1), date(2025, 4, 21), date(2025, 6, 25), date(2025, 12, 25),
                                     date(2026, 4, 6), date(2025, 11, 1)])
    def test_slovene_holidays(self, day):
        assert is_holiday(day)

    def test_ordinary_days(self):
        assert not is_holiday(date(2025, 3, 4))
        assert not is_holiday(date(2025, 12, 24))

    def test_office_closed_on_easter_monday(self):
        assert is_open(OFFICE, at("2025-04-21 10:00")) is False  # Easter Monday
        assert is_open(OFFICE, at("2025-04-22 10:00")) is True

    def test_office_closed_on_christmas_and_statehood_day(self):
        assert is_open(OFFICE, at("2025-12-25 10:00")) is False
        assert is_open(OFFICE, at("2025-06-25 10:00")) is False

    def test_every_day_services_keep_their_hours_on_holidays(self):
        tom = [sched(EVERY_DAY, "12:00", "20:00")]
        assert is_open(tom, at("2025-12-25 13:00")) is True
        assert is_open(tom, at("2025-12-25 21:00")) is False

    def test_every_day_split_over_schedules_counts_as_every_day(self):
        split_week = [sched(WORKDAYS, "08:00", "20:00"), sched("SA,SU", "10:00", "14:00")]
        assert is_open(split_week, at("2025-12-25 10:00")) is True  # Thursday hours apply


class TestUnknown:
    def test_no_schedules(self):
        assert is_open([], at("2025-03-04 10:00")) is None

    def test_only_notes(self):
        notes = [Schedule(description="Vsak dan od 19.00 do 7.00.")]
        assert is_open(notes, at("2025-03-04 10:00")) is None

    def test_days_without_times(self):
        assert is_open([Schedule(byday="MO,WE,FR")], at("2025-03-03 10:00")) is None

    @pytest.mark.parametrize("opens, closes", [("8h", "15:00"), ("08:00", "25:00"), ("", "15:00"), ("08:00", None)])
    def test_malformed_times_count_as_none(self, opens, closes):
        assert is_open([sched(opens=opens, closes=closes)], at("2025-03-04 10:00")) is None
        assert describe([sched(opens=opens, closes=closes)], "sl") == []

    def test_unknown_day_codes_are_ignored(self):
        assert is_open([sched(byday="XX")], at("2025-03-04 10:00")) is None
        mixed = [sched(byday="mo,XX,TU")]
        assert is_open(mixed, at("2025-03-03 10:00")) is True
        assert describe(mixed, "sl") == ["ponedeljek, torek 8.00–15.00"]

    def test_a_note_beside_hours_does_not_hide_them(self):
        mixed = [sched(), Schedule(description="Po dogovoru tudi popoldne.")]
        assert is_open(mixed, at("2025-03-04 10:00")) is True


class TestTimeZones:
    def test_aware_times_are_converted_to_ljubljana(self):
        # 06:30 UTC in winter is 07:30 in Ljubljana: closed; 07:30 UTC is 08:30: open
        assert is_open(OFFICE, datetime(2025, 3, 4, 6, 30, tzinfo=timezone.utc)) is False
        assert is_open(OFFICE, datetime(2025, 3, 4, 7, 30, tzinfo=timezone.utc)) is True

    def test_summer_time(self):
        # 06:30 UTC in July is 08:30 in Ljubljana (CEST)
        assert is_open(OFFICE, datetime(2025, 7, 15, 6, 30, tzinfo=timezone.utc)) is True


class TestDescribe:
    def test_workdays_are_a_range(self):
        assert describe([sched()], "sl") == ["ponedeljek–petek 8.00–15.00"]

    def test_english(self):
        assert describe([sched()], "en") == ["Monday–Friday 08:00–15:00"]

    def test_several_intervals_join_on_one_line(self):
        split = [sched(opens="13:00", closes="15:00"), sched(opens="08:00", closes="12:00")]
        assert describe(split, "sl") == ["ponedeljek–petek 8.00–12.00, 13.00–15.00"]

    def test_days_with_different_hours(self):
        week = [sched("MO,WE", "08:00", "17:00"), sched("TU,TH,FR", "08:00", "13:00")]
        assert describe(week, "sl") == ["ponedeljek, sreda 8.00–17.00", "torek, četrtek, petek 8.00–13.00"]

    def test_one_row_per_day_is_grouped(self):
        rows = [sched(day, "09:00", "12:00") for day in ("MO", "TU", "WE", "TH")]
        assert describe(rows, "sl") == ["ponedeljek–četrtek 9.00–12.00"]

    def test_round_the_clock(self):
        lines = describe([sched(EVERY_DAY, "00:00", "24:00", description="24 ur na dan, vse dni v letu")], "sl")
        assert lines == ["vsak dan, 24 ur na dan", "24 ur na dan, vse dni v letu"]

    def test_past_midnight(self):
        assert describe([sched(EVERY_DAY, "19:00", "07:00")], "sl") == ["vsak dan 19.00–7.00"]

    def test_closing_at_midnight(self):
        assert describe([sched("SA", "18:00", "24:00")], "sl") == ["sobota 18.00–24.00"]

    def test_seasonal_lines_name_their_dates(self):
        summer = sched(opens="07:00", closes="12:00", valid_from=date(2025, 7, 1), valid_to=date(2025, 8, 31))
        assert describe([sched(), summer], "sl") == [
            "ponedeljek–petek 8.00–15.00", "ponedeljek–petek 7.00–12.00 (od 1. 7. 2025 do 31. 8. 2025)",
        ]

    def test_notes_alone(self):
        assert describe([Schedule(description="Enkrat na leto.")], "sl") == ["Enkrat na leto."]

    def test_nothing(self):
        assert describe([], "sl") == []

    @pytest.mark.parametrize("days, label", [
        ({"MO", "TU", "WE", "TH", "FR", "SA", "SU"}, "vsak dan"),
        ({"SA", "SU"}, "sobota, nedelja"),
        ({"MO", "WE", "FR"}, "ponedeljek, sreda, petek"),
        ({"MO", "TU", "WE", "FR", "SA"}, "ponedeljek–sreda, petek, sobota"),
        ({"SU"}, "nedelja"),
    ])
    def test_days_label(self, days, label):
        assert days_label(days, "sl") == label
