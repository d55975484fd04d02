"""The one place the demo makes random number generators.

Demo data must come out the same for the same seed, so every generator is a
`random.Random` seeded from a key naming its purpose (a string seed is hashed with
SHA-512, the same on every machine and Python run). Nothing here is used for secrets:
passwords, session keys and real receipt IDs come from `secrets` elsewhere.
"""

from __future__ import annotations

import random


def seeded_random(key: str) -> random.Random:
    return random.Random(key)  # noqa: S311 - reproducible demo data, never a secret
