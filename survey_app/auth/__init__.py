"""Signing in and out, and the language switch."""
