"""Service-level standards, business calendars and the operational records measured against them."""
