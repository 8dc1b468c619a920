"""Deploying: Debian's nginx, running as its own unprivileged user, serves every built file."""

import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers import FIXTURES, build, free_port, require_tool

NGINX = Path("/usr/sbin/nginx")
NGINX_USER = "www-data"  # Debian's nginx user

CONFIG = """daemon off;
master_process on;
user {user};
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        error_page 404 /404.html;
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx_site():
    """The larger fixture built into a folder any user may enter (pytest's own are private),
    served by nginx whose workers run as www-data."""
    require_tool(NGINX, "apt-get install -y nginx")
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("nginx must start as root to run its workers as its own user")
        pytest.skip("nginx switches to its own user only when started as root")
    work = Path(tempfile.mkdtemp(prefix="newsroom-nginx-"))
    work.chmod(0o755)  # the test's folder; what newsroom writes inside it must be readable as is
    try:
        site = work / "site"
        build(FIXTURES / "multilingual" / "content", site, config_file=FIXTURES / "multilingual" / "site.toml")
        port = free_port()
        (work / "nginx.conf").write_text(CONFIG.format(user=NGINX_USER, work=work, port=port, site=site))
        process = subprocess.Popen([str(NGINX), "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            _wait_for_port(port, process)
            yield site, f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx stopped: {process.stderr.read().decode()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("nginx did not listen")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_nginx_serves_every_page_feed_sitemap_and_search_file(nginx_site):
    site, url = nginx_site
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    kinds = {"html": 0, "feed": 0, "sitemap": 0, "search": 0}
    failures = []
    for relative in files:
        path = "/" + quote(relative.removesuffix("index.html"))
        if _status(url + path) != 200:
            failures.append(f"{path}: {_status(url + path)}")
        kinds["html"] += relative.endswith(".html")
        kinds["feed"] += relative.endswith("feed.xml")
        kinds["sitemap"] += "sitemap" in relative
        kinds["search"] += relative.startswith("pagefind/")
    assert failures == []
    assert kinds["html"] >= 20 and kinds["feed"] == 4 and kinds["sitemap"] >= 1 and kinds["search"] >= 20, kinds


def test_nginx_really_runs_as_another_user(nginx_site):
    """The control: a file only its owner may read is refused, so the 200s above are not root's."""
    site, url = nginx_site
    robots = site / "robots.txt"
    mode = stat.S_IMODE(robots.stat().st_mode)
    robots.chmod(0o600)
    try:
        assert _status(url + "/robots.txt") == 403
    finally:
        robots.chmod(mode)
    assert _status(url + "/robots.txt") == 200
