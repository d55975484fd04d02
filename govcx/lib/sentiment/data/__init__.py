"""Lexicons read by the sentiment scorers (a package so the files install with the code)."""
