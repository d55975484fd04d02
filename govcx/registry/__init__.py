"""Organizations, service providers (HISPs), services, users and their roles."""
