"""A remote endpoint that misbehaves gives a clear error, a non-zero exit and no partial output."""

import http.server
import threading
import time

import pytest

from conftest import REPO, make_project
from kb.cli import cli


class Misbehaving(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        mode = self.path.strip("/")
        if mode == "slow":
            time.sleep(2)
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"internal failure")
            return
        body = {"malformed": b'{"head": {"vars": ["x"]}, "results": {"bindings": [',
                "html": b"<html><body>Welcome</body></html>",
                "slow": b"{}"}[mode]
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client giving up on the slow answer is the point of that test


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), Misbehaving)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    import shutil

    project = make_project(tmp_path_factory.mktemp("faults") / "project")
    shutil.copytree(REPO / "queries", project / "queries")
    return project


@pytest.mark.parametrize("mode,message", [
    ("slow", "did not answer within 0.5 s — try again later or raise --timeout"),
    ("error", "answered HTTP 500: internal failure"),
    ("malformed", "sent results that are not SPARQL JSON"),
    ("html", "sent results that are not SPARQL JSON"),
])
def test_a_misbehaving_endpoint_is_a_clear_error_and_writes_nothing(runner, project, server, tmp_path,
                                                                   mode, message):
    output = tmp_path / "out.csv"
    result = runner.invoke(cli, ["export", "--format", "csv", "--endpoint", f"{server}/{mode}",
                                 "--timeout", "0.5", "--output", str(output), "--root", str(project)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not output.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind either


def test_an_address_that_is_not_http_is_refused(runner, project):
    result = runner.invoke(cli, ["query", "matrix", "--endpoint", "file:///etc/passwd",
                                 "--root", str(project)])
    assert result.exit_code == 1
    assert "'file:///etc/passwd' is not an http(s) address" in result.output


def test_an_error_answer_is_closed_at_once(server):
    """Left open, it held its connection until some later garbage collection, whose
    ResourceWarning then failed whichever test was running."""
    import urllib.request

    from kb.errors import EndpointError
    from kb.sparql import RemoteSource

    source = RemoteSource(f"{server}/error", timeout=2)
    with pytest.raises(EndpointError) as caught:
        source.fetch(urllib.request.Request(source.endpoint, data=b"ASK {}", method="POST"))
    assert caught.value.__context__.closed


@pytest.mark.parametrize("fault", ["malformed", "html"])
def test_malformed_results_leave_no_parser_behind(server, fault):
    """The parser's half-read results may be freed only by the thread that made them;
    kept alive as the error's context, they were collected later on a test server's
    thread, and pyoxigraph's complaint failed whichever test was running."""
    from kb.errors import EndpointError
    from kb.questions import Question
    from kb.sparql import RemoteSource

    question = Question("q", REPO / "queries" / "q.rq", "SELECT ?x WHERE { ?x ?p ?o }", (), "")
    with pytest.raises(EndpointError, match="not SPARQL JSON") as caught:
        RemoteSource(f"{server}/{fault}", timeout=2).select(question, {})
    assert caught.value.__context__ is None
