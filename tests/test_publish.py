"""Publishing is all or nothing: a real Oxigraph server behind a proxy that cuts the
upload half way keeps its previous state whole (issue 21, item 8)."""

import socket
import threading
import urllib.parse
import urllib.request

import pytest

from conftest import make_built_project, oxigraph_server, release_stores
from kb.cli import cli

ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class CuttingProxy:
    """Forwards TCP to `upstream`; once `budget` bytes have gone up (over all
    connections), it cuts every connection, as a network or a gateway failing does."""

    def __init__(self, upstream: int, budget: int):
        self.upstream, self.budget = upstream, budget
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.threads = [threading.Thread(target=self.accept, daemon=True)]
        self.threads[0].start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            self.sockets += [client, server]
            for args in ((client, server, True), (server, client, False)):
                thread = threading.Thread(target=self.pump, args=args, daemon=True)
                self.threads.append(thread)
                thread.start()

    def pump(self, source, target, upwards):
        try:
            while data := source.recv(65536):
                if upwards:
                    with self.lock:
                        allowed = max(0, min(len(data), self.budget))
                        self.budget -= allowed
                    target.sendall(data[:allowed])
                    if allowed < len(data):
                        raise ConnectionError("cut")
                else:
                    target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self):
        """Stop every thread: a thread left running makes later tests of this process
        work in one process instead of forking (kb/parallel refuses to fork then)."""
        for s in [self.listener, *self.sockets]:
            try:
                s.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept or recv
            except OSError:
                pass
            s.close()
        for thread in self.threads:
            thread.join(timeout=5)


@pytest.fixture
def server(tmp_path):
    with oxigraph_server(tmp_path / "oxigraph") as base:
        yield int(base.rsplit(":", 1)[1])


def remote_quads(port: int) -> list:
    address = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": ALL_QUADS})
    request = urllib.request.Request(address, headers={"Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return sorted(answer.read().decode().splitlines()[1:])


def publish(runner, project, port, timeout="10"):
    """(exit code, output): the result itself keeps the store open through its traceback."""
    release_stores()
    result = runner.invoke(cli, ["publish", "--endpoint", f"http://127.0.0.1:{port}/store",
                                 "--timeout", timeout, "--root", str(project)])
    outcome = result.exit_code, result.output
    del result
    release_stores()
    return outcome


def test_an_upload_cut_half_way_leaves_the_previous_state(runner, tmp_path, server):
    project = make_built_project(tmp_path / "project")
    assert publish(runner, project, server)[0] == 0
    before = remote_quads(server)
    assert len(before) > 1000

    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text().replace("Test Wildlife Act", "Test Wildlife Act (amended)"))
    (project / "corpus/eu/test-directive.ttl").unlink()
    built = runner.invoke(cli, ["build", "--quiet", "--no-site", "--root", str(project)])
    assert built.exit_code == 0, built.output
    del built

    proxy = CuttingProxy(server, budget=150_000)  # about half of the upload
    try:
        code, output = publish(runner, project, proxy.port, timeout="5")
    finally:
        proxy.close()
    assert code == 1, output
    assert "nothing was published" in output
    assert remote_quads(server) == before  # not one graph replaced

    assert publish(runner, project, server)[0] == 0
    after = remote_quads(server)
    assert after != before
    assert any("Test Wildlife Act (amended)" in row for row in after)
    assert not any("eu/test-directive.ttl" in row for row in after)  # the removed file's graph
