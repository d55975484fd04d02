"""The REST API: one OpenAPI document, routers per area."""
