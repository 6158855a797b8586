"""One keep-alive HTTP/1.1 connection to a slurmrestd, for drivers that send many requests."""

import http.client
import json


class Conn:
    """Sends requests on one reused connection (http.client reopens it after a
    `Connection: close`). headers go with every request (credentials, a gateway's own)."""

    def __init__(self, host, port, prefix, headers, timeout, scheme="http"):
        self.host, self.port, self.prefix = host, port, prefix
        self.headers = headers
        self.timeout = timeout
        self.conn_cls = (http.client.HTTPSConnection if scheme == "https"
                         else http.client.HTTPConnection)
        self.conn = None
        self.used = False

    def request(self, method, path, body=None):
        """(status, content type, body bytes); retries once on a fresh connection when a reused
        one turns out to be closed by the server before it answered (keep-alive race)."""
        hdrs = dict(self.headers)
        if body is not None:
            hdrs["Content-Type"] = "application/json"
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = self.conn_cls(self.host, self.port, timeout=self.timeout)
                self.used = False
            reused = self.used
            try:
                self.conn.request(method, self.prefix + path, body=body, headers=hdrs)
                self.used = True
                resp = self.conn.getresponse()
                data = resp.read()
                ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip()
                if resp.will_close:
                    self.close()
                return resp.status, ctype, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt or not reused:
                    raise
            except Exception:
                self.close()
                raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
