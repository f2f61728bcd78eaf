"""A local probe into the running kiosk, for the session test under cage (and nothing else).

Off unless KIOSK_TEST_HOOK names a socket path; the packaged units never set it. The socket is
owner-only (the same user can already signal or kill the app, so it grants nothing new) and
it offers no shortcut out of kiosk mode: it only reports state, asks the window to close the
way a compositor does, presses keys and taps buttons - the quit still needs the admin's PIN
typed on the on-screen pad. One command per connection, one JSON line back:

    state            {"visible", "fullscreen", "maximized", "frameless", "position", "size",
                      "screen", "page", "platform"}
    close            a close request to the window (QWindow.close, as on xdg_toplevel.close)
    alt-f4           Alt+F4 pressed on the focused widget
    tap NAME         press and release the mouse on the visible button named NAME
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QAbstractButton, QApplication, QMainWindow

if TYPE_CHECKING:
    from kiosk.ui.wizard import Wizard

log = logging.getLogger(__name__)


class SessionProbe(QObject):
    def __init__(self, window: QMainWindow, wizard: Wizard, path: str) -> None:
        super().__init__(window)
        self.window = window
        self.wizard = wizard
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(path)
        if not self.server.listen(path):
            log.warning("session probe: cannot listen (%s)", self.server.errorString())
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        command = bytes(socket.readLine().data()).decode().strip()
        try:
            reply = self.handle(command)
        except Exception as exc:  # the probe must never take the kiosk down
            reply = {"error": type(exc).__name__}
        socket.write((json.dumps(reply) + "\n").encode())
        socket.flush()
        socket.disconnectFromServer()

    def handle(self, command: str) -> dict[str, Any]:
        verb, _, arg = command.partition(" ")
        if verb == "state":
            window = self.window
            screen = window.screen().geometry()
            page = self.wizard.current_page()
            return {
                "visible": window.isVisible(),
                "fullscreen": window.isFullScreen(),
                "maximized": window.isMaximized(),
                "position": [window.x(), window.y()],
                "frameless": bool(window.windowFlags() & Qt.WindowType.FramelessWindowHint),
                "size": [window.width(), window.height()],
                "screen": [screen.width(), screen.height()],
                "page": page.objectName() if page else "",
                "platform": QGuiApplication.platformName(),
            }
        if verb == "close":
            handle = self.window.windowHandle()
            return {"accepted": bool(handle.close()) if handle else False}
        if verb == "alt-f4":
            target = QApplication.focusWidget() or self.window
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                key = QKeyEvent(kind, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
                QApplication.sendEvent(target, key)
            return {"sent": True}
        if verb == "tap":
            buttons = [b for b in self.window.findChildren(QAbstractButton, arg) if b.isVisible()]
            if not buttons:
                return {"tapped": False}
            button = buttons[0]
            centre = QPointF(button.rect().center())
            for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
                event = QMouseEvent(
                    kind,
                    centre,
                    button.mapToGlobal(centre),
                    Qt.MouseButton.LeftButton,
                    Qt.MouseButton.LeftButton
                    if kind == QEvent.Type.MouseButtonPress
                    else Qt.MouseButton.NoButton,
                    Qt.KeyboardModifier.NoModifier,
                )
                QApplication.sendEvent(button, event)
            return {"tapped": True}
        return {"error": f"unknown command {verb!r}"}
