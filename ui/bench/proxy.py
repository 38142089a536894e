"""A loopback TCP proxy that can cut the line silently: packets vanish, nothing is refused or reset.

That is what a pulled cable or a dead switch looks like from the console: the socket stays open, sent data
is never answered. The proxy's own kernel still acknowledges what the console sends, so TCP keepalives and
user timeouts do not notice either: only an application-level deadline does.

``watchfloor bench`` puts one between the console and PostgreSQL to time offline detection and catch-up;
the tests use the same class (``tests/proxy.py``).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time


class SilentCutProxy:
    """Forwards 127.0.0.1:<port> to ``target``; :meth:`cut` drops traffic both ways until :meth:`restore`.

    Bounded: the forwarding thread stops on :meth:`close` (and checks every 50 ms).
    """

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_now = threading.Event()
        self._closed = threading.Event()
        self._pairs: dict[socket.socket, socket.socket] = {}
        self._sel = selectors.DefaultSelector()
        self._sel.register(self.listener, selectors.EVENT_READ)
        self._thread = threading.Thread(target=self._run, name="silent-cut-proxy", daemon=True)
        self._thread.start()

    def cut(self) -> None:
        self.cut_now.set()

    def restore(self) -> None:
        self.cut_now.clear()

    def _run(self) -> None:
        while not self._closed.is_set():
            if self.cut_now.is_set():
                time.sleep(0.05)  # nothing moves while the line is cut (and nothing spins)
                continue
            for key, _ in self._sel.select(0.05):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self.listener:
                    client, _ = self.listener.accept()
                    try:
                        upstream = socket.create_connection(self.target, timeout=3)
                    except OSError:
                        client.close()
                        continue
                    self._pairs[client], self._pairs[upstream] = upstream, client
                    self._sel.register(client, selectors.EVENT_READ)
                    self._sel.register(upstream, selectors.EVENT_READ)
                    continue
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                peer = self._pairs.get(sock)
                if not data or peer is None:
                    self._drop(sock)
                    continue
                with contextlib.suppress(OSError):
                    peer.sendall(data)

    def _drop(self, sock: socket.socket) -> None:
        peer = self._pairs.pop(sock, None)
        for s in (sock, peer):
            if s is None:
                continue
            self._pairs.pop(s, None)
            with contextlib.suppress(Exception):
                self._sel.unregister(s)
            s.close()

    def close(self) -> None:
        self._closed.set()
        self._thread.join(2)
        for s in list(self._pairs):
            self._drop(s)
        self.listener.close()
