"""What cannot run here (containers, systemd) is checked for what it must say: the compose
file's shape, the container's user and health check, the units' hardening, known settings."""

from __future__ import annotations

import configparser
import ipaddress
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from server.settings import SPECS, Settings
from sync.attachments import MAX_ATTACHMENT_BYTES

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTING_VARIABLES = {spec.env for spec in SPECS}


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def test_compose_runs_postgresql_two_apps_after_migrations_and_nginx_in_front() -> None:
    services = compose()["services"]
    assert services["db"]["image"].startswith("postgres:15")
    apps = [services["app1"], services["app2"]]
    for app in apps:
        assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert app["depends_on"]["db"]["condition"] == "service_healthy"
        assert app["environment"]["CAREFOLIO_WORKERS"] == "1"
    assert services["migrate"]["command"] == ["migrate"]
    assert "migrate" not in services["migrate"]["depends_on"]
    proxy = services["proxy"]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert set(proxy["depends_on"]) == {"app1", "app2"}
    mounted = {v.split(":")[0]: v.split(":")[1] for v in proxy["volumes"]}
    assert mounted["./nginx/carefolio.conf"] == "/etc/nginx/conf.d/default.conf"
    assert (DEPLOY / "nginx" / "carefolio.conf").is_file()


def test_every_app_process_shares_one_data_volume_at_its_data_dir() -> None:
    document = compose()
    for name in ("app1", "app2", "migrate"):
        app = document["services"][name]
        volume, path = app["volumes"][0].split(":")
        assert volume in document["volumes"] and path == app["environment"]["CAREFOLIO_DATA_DIR"]


def test_only_the_proxy_publishes_ports_and_the_database_is_internal() -> None:
    document = compose()
    published = [n for n, s in document["services"].items() if s.get("ports")]
    assert published == ["proxy"]
    assert document["networks"]["backend"]["internal"] is True
    assert document["services"]["db"]["networks"] == ["backend"]


def test_the_nginx_upstreams_are_the_compose_app_services() -> None:
    site = (DEPLOY / "nginx" / "carefolio.conf").read_text()
    upstreams = re.findall(r"^\s*server (\w+):(\d+)", site, re.M)
    services = compose()["services"]
    assert upstreams == [("app1", "8000"), ("app2", "8000")]
    assert all(services[name]["environment"]["CAREFOLIO_PORT"] == port for name, port in upstreams)


def test_the_nginx_body_limits_match_the_apps() -> None:
    site = (DEPLOY / "nginx" / "carefolio.conf").read_text()
    assert Settings().max_body_bytes == 1024 * 1024 and "client_max_body_size 1m;" in site
    assert MAX_ATTACHMENT_BYTES == 25 * 1024 * 1024 and "client_max_body_size 25m;" in site


def test_settings_named_in_deploy_files_all_exist() -> None:
    texts = [(DEPLOY / p).read_text() for p in
             ("compose.yaml", "carefolio.env.example", "Dockerfile", "systemd/carefolio.service")]
    named = set(re.findall(r"\bCAREFOLIO_[A-Z0-9_]+", "\n".join(texts)))
    assert named and named <= SETTING_VARIABLES, named - SETTING_VARIABLES


def dockerfile_stages() -> list[list[str]]:
    lines = [line.strip() for line in (DEPLOY / "Dockerfile").read_text().splitlines()]
    stages: list[list[str]] = []
    for line in lines:
        if line.startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


def test_the_container_runs_carefolio_serve_as_a_non_root_user_with_a_health_check() -> None:
    final = dockerfile_stages()[-1]
    assert re.match(r"FROM python:3\.\d+-slim$", final[0])
    users = [line.split()[1] for line in final if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert any(line.startswith("HEALTHCHECK") for line in final)
    assert "/healthz" in (DEPLOY / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["carefolio"]' in final and 'CMD ["serve"]' in final
    for line in [line for stage in dockerfile_stages() for line in stage]:
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source


def test_the_container_is_built_from_a_wheel_and_the_final_image_holds_no_source_tree() -> None:
    build, final = dockerfile_stages()
    assert build[0].startswith("FROM python:") and build[0].endswith(" AS build")
    assert any("pip wheel" in line and "--no-deps" in line for line in build)
    copied = [line.split()[1:-1] for line in final if line.startswith("COPY ")]
    assert copied == [["requirements.lock"], ["--from=build", "/wheels"]]
    installs = " ".join(line for line in final if "pip install" in line)
    assert "--require-hashes -r /tmp/requirements.lock" in installs
    assert "pip install --no-deps /tmp/wheels/carefolio-" in installs
    assert "-e " not in installs
    assert any("--require-hashes -r requirements.lock" in line for line in build)


def test_the_build_stage_copies_every_package_the_wheel_ships() -> None:
    include = re.search(r"include = \[([^\]]*)\]", (ROOT / "pyproject.toml").read_text())
    assert include, "pyproject.toml names the packages the wheel holds"
    packages = {name.strip('" *') for name in include.group(1).split(",")}
    build = dockerfile_stages()[0]
    copied = {line.split()[1] for line in build if line.startswith("COPY ")}
    assert packages and packages <= copied, packages - copied


def test_the_final_image_has_the_fonts_the_pdf_export_uses() -> None:
    from server.export.pdf import FONT_DIR

    final = " ".join(dockerfile_stages()[-1])
    assert str(FONT_DIR).startswith("/usr/share/fonts/truetype/dejavu")
    assert "apt-get install" in final and "fonts-dejavu-core" in final


def test_the_build_context_leaves_out_the_venv_git_data_and_test_artifacts() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "data", "node_modules", "tests/artifacts"} <= ignored


def test_the_systemd_unit_is_hardened_and_keeps_its_data_in_a_state_directory() -> None:
    service = unit("carefolio.service")["Service"]
    assert service["DynamicUser"] == "yes" and service["User"] == "carefolio"
    assert service["StateDirectory"] == "carefolio"
    assert "CAREFOLIO_DATA_DIR=/var/lib/carefolio" in (DEPLOY / "systemd" / "carefolio.service").read_text()
    assert service["ExecStart"].endswith("carefolio serve")
    for key, value in {"ProtectSystem": "strict", "ProtectHome": "yes", "NoNewPrivileges": "yes",
                       "PrivateTmp": "yes", "CapabilityBoundingSet": ""}.items():
        assert service[key] == value, key
    backup = unit("carefolio-backup.service")["Service"]
    assert backup["User"] == service["User"] and "carefolio" in backup["StateDirectory"].split()
    assert "carefolio backup" in backup["ExecStart"]


def test_systemd_accepts_every_directive_of_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing (Debian package systemd)")
    names = ["carefolio.service", "carefolio-backup.service", "carefolio-backup.timer"]
    carefolio = str(Path(sys.executable).with_name("carefolio"))
    for name in names:
        text = (DEPLOY / "systemd" / name).read_text()
        (tmp_path / name).write_text(text.replace("/opt/carefolio/.venv/bin/carefolio", carefolio))
    result = subprocess.run([analyze, "verify", *names], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_the_apps_trust_forwarded_headers_from_the_proxys_fixed_address_only() -> None:
    document = compose()
    proxy_address = document["services"]["proxy"]["networks"]["backend"]["ipv4_address"]
    subnet = document["networks"]["backend"]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_address(proxy_address) in ipaddress.ip_network(subnet)
    for name in ("app1", "app2"):
        assert document["services"][name]["environment"]["FORWARDED_ALLOW_IPS"] == proxy_address
    site = (DEPLOY / "nginx" / "carefolio.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "$proxy_add_x_forwarded_for" not in site


def _example_settings() -> dict[str, str]:
    """carefolio.env.example's object-storage lines, uncommented."""
    found = {}
    for line in (DEPLOY / "carefolio.env.example").read_text().splitlines():
        match = re.match(r"^#?((?:CAREFOLIO_S3|MINIO)_[A-Z_]+)=(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_the_optional_minio_makes_a_versioned_bucket_before_the_apps_start() -> None:
    document = compose()
    services = document["services"]
    minio, setup = services["minio"], services["minio-bucket"]
    for service in (minio, setup):
        assert service["profiles"] == ["object-storage"]  # off unless asked for
        assert service["networks"] == ["backend"] and "ports" not in service
    assert ":" in minio["image"] and not minio["image"].endswith(":latest")
    assert minio["volumes"] == ["minio-data:/data"] and "minio-data" in document["volumes"]
    assert "mc ready local" in " ".join(minio["healthcheck"]["test"])
    assert setup["depends_on"]["minio"]["condition"] == "service_healthy"
    script = setup["command"][0]
    for step in ('mc mb --ignore-existing "local/$$CAREFOLIO_S3_BUCKET"',
                 'mc version enable "local/$$CAREFOLIO_S3_BUCKET"',
                 'mc admin user add local "$$CAREFOLIO_S3_ACCESS_KEY" "$$CAREFOLIO_S3_SECRET_KEY"'):
        assert step in script
    for name in ("app1", "app2"):
        bucket = services[name]["depends_on"]["minio-bucket"]
        assert bucket == {"condition": "service_completed_successfully", "required": False}


def test_the_example_object_storage_settings_work_with_the_compose_minio() -> None:
    from server.storage_settings import problem

    example = _example_settings()
    assert example["CAREFOLIO_S3_ENDPOINT_URL"] == "http://minio:9000"  # the service's name
    settings = Settings(**{k.removeprefix("CAREFOLIO_").lower(): v for k, v in example.items()
                           if k.startswith("CAREFOLIO_")})
    assert problem(settings) is None
    assert {"MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"} <= set(example)
