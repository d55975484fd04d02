"""Stored responses: the record of what the public told an agency, never lost."""
