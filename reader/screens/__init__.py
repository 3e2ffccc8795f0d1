"""The app's screens: main, reading view, help, too small."""
