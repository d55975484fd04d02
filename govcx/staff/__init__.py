"""Signed-in pages for agency staff: services, surveys, responses and exports."""
