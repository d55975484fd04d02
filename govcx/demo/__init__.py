"""The demo agency and its synthetic responses (`govcx seed-demo`)."""
