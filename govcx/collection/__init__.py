"""Collecting answers: the hosted survey page, and the submission path every channel shares."""
