"""A remote endpoint that misbehaves gives a clear error, a non-zero exit and no partial output."""

import http.server
import threading
import time

import pytest

from conftest import REPO, make_project, release_stores
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
    ResourceWarning then failed whichever test was running. Nothing keeps it alive."""
    import urllib.request

    from kb.errors import EndpointError
    from kb.sparql import RemoteSource

    source = RemoteSource(f"{server}/error", timeout=2)
    with pytest.raises(EndpointError) as caught:
        source.fetch(urllib.request.Request(source.endpoint, data=b"ASK {}", method="POST"))
    assert caught.value.__context__ is None


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


class Hostile(http.server.BaseHTTPRequestHandler):
    """Answers that break a naive client: slow drips, huge bodies, wrong shapes."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, body: bytes, status: int = 200, length: bool = True):
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json")
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self):
        self.do_POST()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        mode = self.path.strip("/").split("?")[0]
        try:
            if mode == "drip":  # a byte every 0.3 s, for ever
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(200):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.3)
            elif mode == "drip-headers":
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 200:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.3)
            elif mode == "huge":  # no Content-Length: read until the limit
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                for _ in range(64):
                    self.wfile.write(b" " * 65536)
            elif mode == "huge-declared":
                self.send_response(200)
                self.send_header("Content-Length", str(10 ** 12))
                self.end_headers()
            elif mode == "columns":
                self.answer(b'{"head": {"vars": ["x"]}, "results": {"bindings": '
                            b'[{"x": {"type": "literal", "value": "garbage"}}]}}')
            elif mode == "ask":
                self.answer(b'{"head": {}, "boolean": true}')
            elif mode == "redirect":
                self.send_response(302)
                self.send_header("Location", "http://elsewhere.invalid/")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif mode == "hang-up":
                self.close_connection = True
            elif mode == "error":
                self.answer(b"internal failure", 500)
        except OSError:
            pass  # the client gave up: the point of the slow answers


@pytest.fixture(scope="module")
def hostile():
    httpd = Server(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def small_limit(monkeypatch):
    from kb import http as transport

    monkeypatch.setattr(transport, "MAX_ANSWER_BYTES", 1024 * 1024)


@pytest.mark.parametrize("mode,message", [
    ("drip", "did not answer within 1 s — try again later or raise --timeout"),
    ("drip-headers", "did not answer within 1 s — try again later or raise --timeout"),
    ("huge", "sent an answer larger than 1 MiB, the most Wildlex reads"),
    ("huge-declared", "sent an answer larger than 1 MiB, the most Wildlex reads"),
    ("columns", "answered with the columns x where queries/matrix.rq asks for jurisdiction, "),
    ("ask", "sent a yes/no (ASK) answer to a SELECT question"),
    ("redirect", "answered HTTP 302"),
    ("hang-up", "cannot reach http://***@127.0.0.1:"),
])
def test_a_hostile_endpoint_is_a_clear_error(runner, project, hostile, small_limit, mode, message):
    result = runner.invoke(cli, ["query", "matrix", "--endpoint",
                                 f"http://reader:s3cret@{hostile}/{mode}", "--timeout", "1",
                                 "--root", str(project)])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("mode", ["redirect", "hang-up", "error", "drip"])
def test_publish_checks_every_answer(runner, built_dir, hostile, mode):
    release_stores()
    result = runner.invoke(cli, ["publish", "--endpoint", f"http://w:s3cret@{hostile}/{mode}",
                                 "--timeout", "1", "--root", str(built_dir)])
    release_stores()
    assert result.exit_code == 1, result.output
    assert not result.output.startswith("published")
    assert "nothing was published" in result.output
    assert "s3cret" not in result.output


@pytest.mark.parametrize("endpoint", ["http://[::1", "http://127.0.0.1:port/", "http://",
                                      "ftp://example.org/", "http://user:s3cret@[::1"])
def test_a_malformed_address_is_an_error(runner, project, endpoint):
    result = runner.invoke(cli, ["query", "matrix", "--endpoint", endpoint, "--root", str(project)])
    assert result.exit_code == 1, result.output
    assert "is not a" in result.output and "address" in result.output
    assert "s3cret" not in result.output and result.exception.__class__ is SystemExit


@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "inf", "-inf", "1e99"])
@pytest.mark.parametrize("command", ["query", "publish"])
def test_an_impossible_timeout_is_a_usage_error(runner, project, command, timeout):
    arguments = ["query", "matrix"] if command == "query" else ["publish"]
    result = runner.invoke(cli, [*arguments, "--endpoint", "http://127.0.0.1:9/",
                                 "--timeout", timeout, "--root", str(project)])
    assert result.exit_code == 2, result.output
    assert "is not a number of seconds above 0" in result.output
