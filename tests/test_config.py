"""Options are parsed once, where they are built: ``as_of`` becomes a date, one UTC clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from notes_analyzer.config import CheckOptions, build_options, utc_today
from notes_analyzer.errors import ConfigError


def test_as_of_is_parsed_to_a_date_once():
    assert CheckOptions(as_of="2026-01-14").as_of == date(2026, 1, 14)
    assert CheckOptions(as_of=" 2026-01-14 ").today() == date(2026, 1, 14)
    assert CheckOptions(as_of=datetime(2026, 1, 14, 23, 0, tzinfo=UTC)).as_of == date(2026, 1, 14)
    assert CheckOptions(as_of=date(2025, 3, 1)).as_of == date(2025, 3, 1)


def test_without_as_of_today_is_the_utc_date():
    assert CheckOptions().today() == utc_today() == datetime.now(UTC).date()


@pytest.mark.parametrize("bad", ["14/01/2026", "yesterday", "2026-13-01", 20260114])
def test_a_bad_as_of_is_a_config_error(bad):
    with pytest.raises(ConfigError, match="ISO date"):
        CheckOptions(as_of=bad)


def test_a_toml_date_in_the_config_file_is_taken_as_is(tmp_path):
    config = tmp_path / "notes.toml"
    config.write_text("[check]\nas_of = 2026-01-14\nuse_proxies = false\n", encoding="utf-8")
    options = build_options(CheckOptions, "check", {}, str(config))
    assert options.as_of == date(2026, 1, 14) and options.use_proxies is False
