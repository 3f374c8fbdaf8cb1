"""The app's screens: help, full-screen detail, import."""
