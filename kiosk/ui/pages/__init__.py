"""One module per wizard screen; kiosk/ui/wizard.py decides which one shows."""
