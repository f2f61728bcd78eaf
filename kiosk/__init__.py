"""Front-desk patient portal enrollment kiosk."""

__version__ = "0.1.0"
APP_NAME = "enrollment-kiosk"
