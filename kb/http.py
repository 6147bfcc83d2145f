"""One HTTP request to a remote SPARQL server, bounded in time and size.

urllib's timeout bounds each read of the socket, not the request: a server sending a
byte every two seconds kept `wildlex query --timeout 3` waiting for ever, and a 200 MB
answer was read whole. Here a watchdog shuts the socket at the deadline, and the body
is read up to a limit. Credentials in an address are sent as HTTP Basic authentication
and never shown.
"""

from __future__ import annotations

import base64
import http.client
import math
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass

from .errors import EndpointError

# The largest answer read from a server. The export of the whole real corpus is under
# 2 MB of SPARQL JSON; a larger answer is a wrong address or a runaway server.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
CHUNK = 64 * 1024


@dataclass
class Response:
    status: int
    body: bytes


def check_address(address: str) -> urllib.parse.SplitResult:
    """The parts of an http(s) address, or EndpointError saying what is wrong with it."""
    try:
        parts = urllib.parse.urlsplit(address)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError as error:
        raise EndpointError(f"{redact(address)!r} is not a valid address ({error}) — write "
                            "e.g. http://127.0.0.1:7878/query") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{redact(address)!r} is not an http(s) address — write e.g. "
                            "http://127.0.0.1:7878/query")
    return parts


def check_timeout(seconds: float) -> float:
    if not (isinstance(seconds, (int, float)) and math.isfinite(seconds) and 0 < seconds <= 86400):
        raise EndpointError(f"a timeout of {seconds!r} seconds is not possible — give a number "
                            "of seconds above 0, e.g. --timeout 30")
    return float(seconds)


def redact(address: str) -> str:
    """The address without its user name and password."""
    scheme, sep, rest = address.partition("://")
    if not sep:
        return address
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}{sep}{authority}{slash}{path}"


def request(method: str, address: str, body: bytes | None, headers: dict[str, str],
            timeout: float, limit: int | None = None) -> Response:
    """Send one request and read the whole answer within `timeout` seconds, at most
    `limit` bytes of it. Any status is returned; the caller judges it."""
    parts = check_address(address)
    timeout = check_timeout(timeout)
    limit = MAX_ANSWER_BYTES if limit is None else limit
    shown = redact(address)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=timeout)
    headers = dict(headers)
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        headers["Authorization"] = "Basic " + base64.b64encode(
            f"{user}:{password}".encode()).decode()
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    expired = threading.Event()
    watchdog = threading.Timer(timeout, _cut, (connection, expired))
    watchdog.daemon = True
    watchdog.start()
    started = time.monotonic()
    response = None
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        data = _read(response, limit, shown)
        if expired.is_set():
            raise TimeoutError
        return Response(response.status, data)
    except TimeoutError:
        raise EndpointError(f"{shown} did not answer within {timeout:g} s — try again later "
                            "or raise --timeout") from None
    except (OSError, http.client.HTTPException) as error:
        if expired.is_set() or time.monotonic() - started >= timeout:
            raise EndpointError(f"{shown} did not answer within {timeout:g} s — try again "
                                "later or raise --timeout") from None
        reason = getattr(error, "strerror", None) or str(error) or error.__class__.__name__
        raise EndpointError(f"cannot reach {shown}: {redact(str(reason))} — check the "
                            "address and that the server is running") from None
    finally:
        watchdog.cancel()
        if response is not None:
            response.close()
        connection.close()


def _cut(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    """At the deadline: end every read in progress on the connection."""
    expired.set()
    if connection.sock is not None:
        try:
            connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _read(response: http.client.HTTPResponse, limit: int, shown: str) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise EndpointError(_too_large(shown, limit))
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > limit:
            raise EndpointError(_too_large(shown, limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(shown: str, limit: int) -> str:
    return (f"{shown} sent an answer larger than {limit // (1024 * 1024)} MiB, the most Wildlex "
            "reads — check that the address is the Wildlex endpoint, or ask a narrower question")
