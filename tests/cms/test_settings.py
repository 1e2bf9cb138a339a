import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE']); "
    "print(s.CHANNEL_LAYERS['default']['BACKEND']);"
    "print(s.DEBUG)"
)


@pytest.mark.parametrize("module", ["cms.settings.dev", "cms.settings.test"])
def test_embedded_default_uses_sqlite_and_in_memory_layer(module):
    result = _run(PRINT_SETTINGS, DJANGO_SETTINGS_MODULE=module)
    assert result.returncode == 0, result.stderr
    engine, layer, _debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert layer == "cms.live.layers.LiveInMemoryChannelLayer"


def test_database_and_redis_urls_switch_to_postgres_and_redis():
    result = _run(
        PRINT_SETTINGS,
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/wspolnie",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    engine, layer, _debug = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert layer == "channels_redis.core.RedisChannelLayer"


@pytest.mark.parametrize(
    "module", ["cms.settings.dev", "cms.settings.test", "cms.settings.production"]
)
def test_every_mode_sends_nosniff_and_serves_documents_through_the_view(module):
    result = _run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_CONTENT_TYPE_NOSNIFF, s.WAGTAILDOCS_SERVE_METHOD, "
        "'svg' in s.WAGTAILDOCS_EXTENSIONS, s.WAGTAILDOCS_INLINE_CONTENT_TYPES)",
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY="x7!kq2-production-like-secret-0123456789abcdefghijKLMNOP",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "serve_view", "False", "[]"]


def test_production_refuses_to_start_without_secret_key():
    result = _run(PRINT_SETTINGS, DJANGO_SETTINGS_MODULE="cms.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            },
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "x7!kq2-production-like-secret-0123456789abcdefghijKLMNOP",
            "ALLOWED_HOSTS": "wspolnie.example.org",
            "DATABASE_URL": "sqlite:////tmp/wspolnie-check-deploy.sqlite3",
            "EMAIL_HOST": "smtp.example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
