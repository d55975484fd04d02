"""Comments read at scale: sentiment, themes (discovered and the organization's taxonomy),
people's corrections and their agreement, and the root-cause view of each service.

This stage reads stored (already redacted) responses and never writes them.
"""
