import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_list
from tests.conftest import ROOT


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)]:
        monkeypatch.setenv("SOME_FLAG", raw)
        assert env_bool("SOME_FLAG", default=not expected) is expected
    monkeypatch.delenv("SOME_FLAG")
    assert env_bool("SOME_FLAG", default=True) is True


def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_env_int_refuses_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", default=1)
    monkeypatch.setenv("SOME_NUMBER", "-5")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SOME_NUMBER", default=1, minimum=0)
    monkeypatch.setenv("SOME_NUMBER", "42")
    assert env_int("SOME_NUMBER", default=1) == 42


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " example.com, ,www.example.com ")
    assert env_list("SOME_HOSTS", default=[]) == ["example.com", "www.example.com"]


def test_env_database_reads_tcp_and_socket_urls(monkeypatch):
    monkeypatch.setenv("DB", "postgres://app:s%40cret@db.internal:6432/ladder?sslmode=require")
    tcp = env_database("DB")
    assert (tcp["HOST"], tcp["PORT"], tcp["NAME"]) == ("db.internal", "6432", "ladder")
    assert (tcp["USER"], tcp["PASSWORD"]) == ("app", "s@cret")
    assert tcp["OPTIONS"] == {"sslmode": "require"}

    monkeypatch.setenv("DB", "postgresql://postgres@/ladder?host=/Run/PG%20Sockets")
    socket = env_database("DB")
    assert (socket["HOST"], socket["NAME"], socket["OPTIONS"]) == ("/Run/PG Sockets", "ladder", {})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mysql://u@h/db", "postgres:// or postgresql://"),
        ("postgresql://u@h/", "one database"),
        ("postgresql://u@h:port/db", "port"),
        ("", "must be set"),
    ],
)
def test_env_database_refuses_bad_urls(monkeypatch, value, message):
    monkeypatch.setenv("DB", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        env_database("DB")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.subprocess
def test_start_up_stops_on_a_bad_setting_and_names_it():
    result = _manage("check", DJANGO_DEBUG="perhaps")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


@pytest.mark.subprocess
def test_start_up_requires_a_secret_key():
    result = _manage("check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.subprocess
def test_https_production_profile_passes_the_deployment_checklist():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_HTTPS="1",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x7!" * 20 + "a-long-and-random-enough-production-key",
        DJANGO_ALLOWED_HOSTS="ladder.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
