"""`wildlex serve` keeps serving the latest site across builds (issue 21, item 9)."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import make_built_site_project

WILDLEX = str(Path(sys.executable).parent / "wildlex")


def build(project: Path) -> None:
    subprocess.run([WILDLEX, "build", "--quiet", "--root", str(project)], check=True,
                   stdout=subprocess.DEVNULL)


def page(address: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(address, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, ""


def test_serve_follows_each_build(tmp_path):
    project = make_built_site_project(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([WILDLEX, "serve", "--port", str(port), "--root", str(project)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout.readline().startswith("serving")
        address = f"http://127.0.0.1:{port}/"
        assert page(address + "en/ke/")[0] == 200
        act = project / "corpus/ke/test-act.ttl"
        act.write_text(act.read_text().replace("Test Wildlife Act", "Renamed Wildlife Act"))
        build(project)
        deadline = time.monotonic() + 60
        while any((project / "build").glob(".old-site-*")):  # the old site is deleted
            assert time.monotonic() < deadline
            time.sleep(0.1)
        status, html = page(address + "en/ke/")
        assert status == 200
        assert "Renamed Wildlife Act" in html
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
