"""The container deployment (Dockerfile, docker-compose.yml) agrees with the project's code.

No Docker engine is needed: the files are parsed and compared with the source text, so a renamed
module, a removed URL or an environment variable that settings never read fails here, not at
deployment time.
"""

from __future__ import annotations

import ast
import gc
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
BACKENDS = ("postgres", "redis")
# Scaled out (`docker compose up --scale web=3 --scale worker=3`): nothing of theirs on a local
# volume, no fixed name, no host port.
SCALED_SERVICES = ("web", "worker")
PROXY, OBJECT_STORE, OBJECT_STORE_INIT = "proxy", "minio", "minio-init"
VAR_DIR = "/var/lib/portal"
S3_VARIABLES = (
    "STORAGE_S3_BUCKET",
    "STORAGE_S3_ENDPOINT_URL",
    "STORAGE_S3_ACCESS_KEY",
    "STORAGE_S3_SECRET_KEY",
    "STORAGE_S3_REGION",
)
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


@pytest.mark.parametrize("service", APP_SERVICES + BACKENDS + (PROXY, OBJECT_STORE))
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


def _mounts(service: str) -> dict[str, dict]:
    """Each mount of a service by its target, in the long form (type, source, target)."""
    mounts = {}
    for volume in SERVICES[service].get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
            kind = "volume" if source in COMPOSE.get("volumes", {}) else "bind"
            volume = {"type": kind, "source": source, "target": target}
        mounts[volume["target"]] = volume
    return mounts


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_restart(service):
    assert SERVICES[service].get("restart") in {"always", "unless-stopped", "on-failure"}


def test_beat_keeps_its_schedule_in_the_var_volume():
    mount = _mounts("beat").get(VAR_DIR)
    assert mount and mount["type"] == "volume", "a named volume, not the container's layer"
    assert mount["source"] in COMPOSE["volumes"]


@pytest.mark.parametrize("service", SCALED_SERVICES)
def test_scaled_services_keep_nothing_on_a_shared_volume(service):
    # Files live in the object store, sessions in the database: a replica's VAR_DIR is scratch
    # space that goes with it, never a volume the replicas (or releases) would share.
    mounts = _mounts(service)
    assert mounts.get(VAR_DIR, {}).get("type") == "tmpfs"
    assert not [m for m in mounts.values() if m["type"] in {"volume", "bind"}]


@pytest.mark.parametrize("service", SCALED_SERVICES)
def test_scaled_services_have_no_fixed_name_and_no_host_port(service):
    assert "container_name" not in SERVICES[service], "a fixed name forbids --scale"
    assert not SERVICES[service].get("ports"), "replicas cannot share a host port"
    assert "replicas" not in SERVICES[service].get("deploy", {})


def test_no_service_has_a_fixed_container_name():
    assert not [name for name, service in SERVICES.items() if "container_name" in service]


def test_the_proxy_is_the_one_published_port_and_balances_over_web():
    published = [name for name, service in SERVICES.items() if service.get("ports")]
    assert published == [PROXY]
    (port,) = SERVICES[PROXY]["ports"]
    assert str(port).endswith(":80")
    assert int(SERVICES[PROXY].get("deploy", {}).get("replicas", 1)) == 1
    assert SERVICES[PROXY]["depends_on"]["web"]["condition"] == "service_healthy"
    # Its configuration is ours, under docker/, mounted read-only.
    mounts = _mounts(PROXY)
    config = mounts["/etc/nginx/conf.d/default.conf"]
    assert config["type"] == "bind" and config["source"] == "./docker/nginx.conf"
    assert SERVICES[PROXY]["volumes"][0].endswith(":ro")
    nginx = _text("docker/nginx.conf")
    # "web" as Docker's DNS resolves it at request time, on gunicorn's port: every replica.
    assert re.search(r"^resolver 127\.0\.0\.11 ", nginx, re.MULTILINE)
    assert re.search(r"set \$(\w+) http://web:8000;\s+proxy_pass \$\1;", nginx)
    assert "0.0.0.0:8000" in _command("web")
    assert "8000" in [str(port) for port in SERVICES["web"]["expose"]]
    # The client's Host with its port, for ALLOWED_HOSTS and Django's CSRF origin check.
    assert "proxy_set_header Host $http_host;" in nginx
    # Uploads up to the largest kind's limit (UPLOAD_<KIND>_MAX_BYTES, settings' defaults) get
    # through.
    limit = re.search(r"client_max_body_size (\d+)m;", nginx)
    defaults = re.findall(
        r'"UPLOAD_\w+_MAX_BYTES", (\d+) \* 1024 \* 1024', _text("config/settings.py")
    )
    assert limit and len(defaults) >= 5
    assert int(limit.group(1)) > max(int(mebibytes) for mebibytes in defaults)
    # The client's address reaches the portal: nginx appends it, the portal trusts one proxy
    # (else every sign-in failure counted against nginx's address and locked everyone out).
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert _environment("web")["TRUSTED_PROXY_COUNT"].endswith(":-1}")
    health = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*)", _healthcheck_text(PROXY))
    assert health and f"listen {health.group(1)};" in nginx
    assert f"location = {health.group(2)} " in nginx


def test_minio_holds_the_files_in_a_private_bucket_created_once():
    minio, init = SERVICES[OBJECT_STORE], SERVICES[OBJECT_STORE_INIT]
    assert minio["image"].startswith("minio/minio:")
    assert not minio.get("ports"), "only the portal's containers reach the object store"
    assert _mounts(OBJECT_STORE)["/data"]["source"] in COMPOSE["volumes"]
    assert minio["environment"]["MINIO_ROOT_PASSWORD"].startswith("${MINIO_ROOT_PASSWORD:?")
    assert init["image"].startswith("minio/mc:")
    assert init["depends_on"][OBJECT_STORE]["condition"] == "service_healthy"
    assert init.get("restart") == "no"
    script = init["entrypoint"][-1]
    assert _mounts(OBJECT_STORE_INIT)[script]["source"] == "./docker/minio-init.sh"
    subprocess.run(["sh", "-n", str(ROOT / "docker" / "minio-init.sh")], check=True)
    text = _text("docker/minio-init.sh")
    assert 'mc mb --ignore-existing "local/$STORAGE_S3_BUCKET"' in text
    assert 'mc anonymous set none "local/$STORAGE_S3_BUCKET"' in text
    # The portal's key is its own, allowed its bucket only, never the root account.
    assert 'mc admin user add local "$STORAGE_S3_ACCESS_KEY"' in text
    assert "arn:aws:s3:::$STORAGE_S3_BUCKET/*" in text and "arn:aws:s3:::*" not in text
    portal = _environment("web")
    assert portal["STORAGE_S3_ACCESS_KEY"] != minio["environment"]["MINIO_ROOT_USER"]
    for key in ("STORAGE_S3_BUCKET", "STORAGE_S3_ACCESS_KEY", "STORAGE_S3_SECRET_KEY"):
        assert init["environment"][key] == portal[key], f"minio-init and the portal differ: {key}"
    for service in SCALED_SERVICES:
        condition = SERVICES[service]["depends_on"][OBJECT_STORE_INIT]["condition"]
        assert condition == "service_completed_successfully"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_store_files_in_the_object_store(service):
    environment = _environment(service)
    assert set(S3_VARIABLES) <= set(environment)
    assert re.fullmatch(
        r"\$\{STORAGE_S3_BUCKET:-[a-z0-9][a-z0-9.-]{2,62}\}", environment["STORAGE_S3_BUCKET"]
    )
    assert environment["STORAGE_S3_ENDPOINT_URL"] == "${STORAGE_S3_ENDPOINT_URL:-http://minio:9000}"
    assert environment["STORAGE_S3_SECRET_KEY"].startswith("${STORAGE_S3_SECRET_KEY:?"), (
        "no default"
    )
    # settings.py picks the S3 backend when (and only when) a bucket is named.
    settings = _text("config/settings.py")
    assert 'env_str("STORAGE_S3_BUCKET", "")' in settings
    assert '"storages.backends.s3.S3Storage"' in settings


def test_web_replicas_starting_together_migrate_in_turn():
    entrypoint = _text("docker/entrypoint.sh")
    assert "python /app/docker/migrate.py" in entrypoint
    assert "manage.py migrate" not in entrypoint, "a bare migrate races between replicas"
    migrate = _text("docker/migrate.py")
    assert "pg_advisory_lock" in migrate and "pg_advisory_unlock" in migrate
    assert 'call_command("migrate", interactive=False)' in migrate


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
    # The image's default command is the same server, with the same settings file.
    assert command[command.index("-c") + 1] == "config/gunicorn.py"
    assert "gunicorn -c config/gunicorn.py config.wsgi:application --bind 0.0.0.0:8000" in _text(
        "Dockerfile"
    )
    assert "-c config/gunicorn.py" in _text("scripts/serve-dev.sh")


def test_gunicorn_settings_load():
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run(
        [str(gunicorn), "--check-config", "-c", "config/gunicorn.py", "config.wsgi:application"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_workers_freeze_long_lived_objects_when_loaded_and_when_warm():
    """A full collection then walks only what requests left behind (config/gunicorn.py)."""
    from config import gunicorn

    worker = types.SimpleNamespace()
    gc.unfreeze()
    try:
        gunicorn.post_worker_init(worker)
        loaded = gc.get_freeze_count()
        assert loaded > 0
        kept = [[index] for index in range(1000)]  # what the first pages load and keep
        for _ in range(gunicorn.WARM_REQUESTS - 1):
            gunicorn.post_request(worker, None, {}, None)
        assert gc.get_freeze_count() == loaded
        gunicorn.post_request(worker, None, {}, None)
        warm = gc.get_freeze_count()
        assert warm >= loaded + len(kept)
        garbage = [[index] for index in range(1000)]
        gunicorn.post_request(worker, None, {}, None)  # once: later requests freeze nothing
        assert gc.get_freeze_count() == warm
        del garbage
    finally:
        gc.unfreeze()


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
    # Said explicitly: `--scale web=3 --scale worker=3` leaves it at one.
    assert int(SERVICES["beat"]["deploy"]["replicas"]) == 1
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
        "libmagic1",
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
    secrets = {
        "SECRET_KEY": "x",
        "POSTGRES_PASSWORD": "x",
        "MINIO_ROOT_PASSWORD": "minio-root-password",
        "STORAGE_S3_SECRET_KEY": "portal-secret-key",
    }
    environment = {**os.environ, **secrets}
    subprocess.run([*compose, "-f", file, "config", "-q"], check=True, cwd=ROOT, env=environment)
    # Without a secret the stack refuses to start instead of running with an empty key.
    for name in secrets:
        result = subprocess.run(
            [*compose, "-f", file, "config", "-q"],
            capture_output=True,
            cwd=ROOT,
            env={key: value for key, value in environment.items() if key != name},
        )
        assert result.returncode != 0
        assert name.encode() in result.stderr
