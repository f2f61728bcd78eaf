#!/bin/sh
# /usr/bin/kiosk: the packaged kiosk program. Files it creates are private to their owner
# (patient data: folders 0700, files 0600).
umask 077
exec /opt/enrollment-kiosk/kiosk "$@"
