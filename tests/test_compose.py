"""The container deployment (Dockerfile, docker-compose.yml) agrees with the project's code.

No Docker engine is needed: the files are parsed and compared with the source text, so a renamed
module, a removed URL or an environment variable that settings never read fails here, not at
deployment time.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
BACKENDS = ("postgres", "redis")
VAR_DIR = "/var/lib/portal"
# Read by the image (docker/entrypoint.sh, gunicorn), not by Django's settings.
CONTAINER_ONLY_VARIABLES = {"MIGRATE_ON_START"}


def _text(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def _command(service: str) -> list[str]:
    command = SERVICES[service].get("command", [])
    return command.split() if isinstance(command, str) else [str(part) for part in command]


def _environment(service: str) -> dict[str, str]:
    environment = SERVICES[service].get("environment") or {}
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return {key: str(value) for key, value in environment.items()}


def _healthcheck_text(service: str) -> str:
    test = SERVICES[service]["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def _top_level_names(relative: str) -> set[str]:
    tree = ast.parse(_text(relative))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def _celery_app_module(command: list[str]) -> str:
    for index, part in enumerate(command):
        if part in {"-A", "--app"}:
            return command[index + 1]
        if part.startswith("--app="):
            return part.split("=", 1)[1]
    raise AssertionError(f"no -A/--app in {command}")


def test_all_services_exist():
    assert set(APP_SERVICES + BACKENDS) <= set(SERVICES)
    assert "version" not in COMPOSE  # obsolete in the compose specification


@pytest.mark.parametrize("service", APP_SERVICES + BACKENDS)
def test_every_service_has_a_healthcheck(service):
    healthcheck = SERVICES[service].get("healthcheck")
    assert healthcheck, f"{service} has no healthcheck"
    assert not healthcheck.get("disable", False)
    assert healthcheck["test"] and healthcheck["test"] != ["NONE"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_build_one_image_from_the_dockerfile(service):
    build = SERVICES[service]["build"]
    if isinstance(build, str):
        build = {"context": build}
    assert (ROOT / build["context"]).resolve() == ROOT
    assert (ROOT / build["context"] / build.get("dockerfile", "Dockerfile")).is_file()
    builds = {str(SERVICES[name]["build"]) for name in APP_SERVICES}
    assert len(builds) == 1, "web, worker and beat must run the same image"
    assert len({SERVICES[name].get("image") for name in APP_SERVICES}) == 1


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_for_healthy_backends(service):
    depends_on = SERVICES[service]["depends_on"]
    assert isinstance(depends_on, dict), "the long form is needed to wait for health"
    for backend in BACKENDS:
        assert depends_on[backend]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_keep_their_files_in_the_var_volume(service):
    volume_names = set(COMPOSE["volumes"])
    mounts = {}
    for volume in SERVICES[service]["volumes"]:
        source, target = volume.split(":")[:2]
        mounts[target] = source
    assert mounts.get(VAR_DIR) in volume_names, "a named volume, not the container's layer"
    assert SERVICES[service].get("restart") in {"always", "unless-stopped", "on-failure"}


def test_gunicorn_serves_the_wsgi_application():
    command = _command("web")
    assert command[0] == "gunicorn"
    target = next(part for part in command if ":" in part and not part[0].isdigit())
    assert target == "config.wsgi:application"
    module, attribute = target.split(":")
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin
    assert attribute in _top_level_names(str(Path(spec.origin).relative_to(ROOT)))
    assert "0.0.0.0:8000" in command
    # The image's default command is the same server.
    assert "gunicorn config.wsgi:application --bind 0.0.0.0:8000" in _text("Dockerfile")


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_celery_commands_load_the_project_app(service, subcommand):
    command = _command(service)
    assert command[0] == "celery"
    assert subcommand in command
    module = _celery_app_module(command)
    assert module == "config"
    assert (ROOT / "config" / "celery.py").is_file()
    assert "app" in _top_level_names("config/celery.py")
    # `celery -A config` finds `config.celery.app` only if the package exposes the module.
    assert importlib.util.find_spec("config.celery") is not None


def test_beat_runs_exactly_once():
    beats = [name for name in SERVICES if "beat" in _command(name)]
    assert beats == ["beat"]
    replicas = SERVICES["beat"].get("deploy", {}).get("replicas", 1)
    assert int(replicas) <= 1
    command = _command("beat")
    schedule = command[command.index("--schedule") + 1]
    assert schedule.startswith(VAR_DIR + "/"), "the schedule must survive a restart"


def test_only_web_migrates_on_start():
    migrating = [s for s in APP_SERVICES if _environment(s).get("MIGRATE_ON_START") == "true"]
    assert migrating == ["web"]
    for service in ("worker", "beat"):
        assert SERVICES[service]["depends_on"]["web"]["condition"] == "service_healthy"


def test_web_environment_is_read_by_settings():
    source = _text("config/settings.py") + _text("config/env.py")
    entrypoint = _text("docker/entrypoint.sh")
    environment = _environment("web")
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= set(environment)
    for key in environment:
        if key in CONTAINER_ONLY_VARIABLES:
            assert key in entrypoint, f"{key} is read by nobody"
        else:
            assert f'"{key}"' in source, f"web sets {key}, config/settings.py never reads it"


def test_web_environment_points_at_the_compose_backends():
    environment = _environment("web")
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?"), "no default secret"
    assert environment["DEBUG"] == "false"
    # The health check calls 127.0.0.1: Django must accept that Host whatever ALLOWED_HOSTS says.
    assert environment["ALLOWED_HOSTS"].endswith(",127.0.0.1")
    for service in ("worker", "beat"):
        assert _environment(service) == {
            key: value for key, value in environment.items() if key != "MIGRATE_ON_START"
        }


def test_web_healthcheck_targets_a_url_of_the_project():
    match = re.search(r"http://127\.0\.0\.1:8000/([\w/-]*)", _healthcheck_text("web"))
    assert match, "the web healthcheck must call the server inside the container"
    route = match.group(1)
    assert route == "healthz"
    assert re.search(rf"path\(\s*[\"']{route}[\"']", _text("config/urls.py"))
    # Python's urllib, so the image needs no curl.
    assert "urllib.request" in _healthcheck_text("web")


@pytest.mark.parametrize(("service", "node"), [("worker", "celery@"), ("beat", "celerybeat@")])
def test_celery_healthchecks_ping_their_own_node(service, node):
    text = _healthcheck_text(service)
    assert "inspect ping" in text
    assert f"{node}$${{HOSTNAME}}" in text  # $$: the container's variable, not compose's
    if service == "beat":
        assert "--enable-remote-control" in _command("beat")


def test_dockerfile_installs_the_system_libraries_and_builds_assets():
    dockerfile = _text("Dockerfile")
    assert re.search(r"^FROM python:3\.11-slim-bookworm", dockerfile, re.MULTILINE)
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fontconfig",
        "fonts-dejavu-core",
        "fonts-dejavu-extra",
        "gettext",
    ):
        assert re.search(rf"\s{re.escape(package)}\s", dockerfile), package
    assert "pip install --no-cache-dir ." in dockerfile
    assert "npm ci" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    assert "manage.py compilemessages" in dockerfile
    assert f"VAR_DIR={VAR_DIR}" in dockerfile
    assert "EXPOSE 8000" in dockerfile
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"root", "0"}


def test_dockerfile_copies_what_settings_serve_static_files_from():
    dockerfile = _text("Dockerfile")
    settings = _text("config/settings.py")
    # STATICFILES_DIRS reads the npm packages from BASE_DIR / "node_modules".
    assert 'BASE_DIR / "node_modules"' in settings
    assert re.search(r"^COPY --from=frontend \S+node_modules \./node_modules", dockerfile, re.M)
    assert re.search(r"^WORKDIR /app$", dockerfile, re.MULTILINE)


def test_entrypoint_is_valid_shell_that_hands_over():
    entrypoint = ROOT / "docker" / "entrypoint.sh"
    assert f'"/app/{entrypoint.relative_to(ROOT)}"' in _text("Dockerfile")
    assert _text("docker/entrypoint.sh").rstrip().endswith('exec "$@"')
    subprocess.run(["sh", "-n", str(entrypoint)], check=True)


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = {
        line.strip() for line in _text(".dockerignore").splitlines() if not line.startswith("#")
    }
    assert {".venv", "node_modules", "var", ".git", "**/__pycache__"} <= ignored
    assert "docker" not in ignored  # the entrypoint lives there


def _docker_compose() -> list[str] | None:
    """The Compose client, if one is installed: it validates offline, without an engine."""
    if shutil.which("docker"):
        version = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if version.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.mark.skipif(_docker_compose() is None, reason="no docker compose client installed")
def test_docker_compose_accepts_the_file():
    compose = _docker_compose()
    file = str(ROOT / "docker-compose.yml")
    environment = {**os.environ, "SECRET_KEY": "x", "POSTGRES_PASSWORD": "x"}
    subprocess.run([*compose, "-f", file, "config", "-q"], check=True, cwd=ROOT, env=environment)
    # Without a secret the stack refuses to start instead of running with an empty key.
    del environment["SECRET_KEY"]
    result = subprocess.run(
        [*compose, "-f", file, "config", "-q"], capture_output=True, cwd=ROOT, env=environment
    )
    assert result.returncode != 0
    assert b"SECRET_KEY" in result.stderr
