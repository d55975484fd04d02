"""Identifiers for synthetic responses that look random yet can never repeat within a run.

Each response has a running number (its counter). The counter goes through a keyed
permutation of the 50-bit numbers (odd multiplications, additions and xor-shifts, each of
which can be undone), so distinct counters always give distinct results: no receipt ID is
ever issued twice, with no lookup and no retry. The same permutation, keyed differently,
fills the low bits of each UUID; the rest of the UUID is random, with the version 4 bits set.
"""

from __future__ import annotations

import random

from govcx.demo.randomness import seeded_random
from govcx.responses.models import RECEIPT_ALPHABET, RECEIPT_LENGTH

BITS_PER_SYMBOL = 5  # 32 symbols in the receipt alphabet
COUNTER_BITS = RECEIPT_LENGTH * BITS_PER_SYMBOL  # 50
COUNTER_MASK = (1 << COUNTER_BITS) - 1
# Streams (one per agency) take separate ranges of counters so they never overlap.
STREAM_BITS = 40
UUID_RANDOM_MASK = ((1 << 128) - 1) ^ COUNTER_MASK
UUID_VERSION_MASK = 0xF << 76
UUID_VARIANT_MASK = 0x3 << 62
UUID_VERSION_4 = 0x4 << 76
UUID_VARIANT_RFC4122 = 0x2 << 62

# Receipt characters are written two at a time (10 bits) from a table of all 1024 pairs.
PAIR_BITS = 2 * BITS_PER_SYMBOL
PAIRS = [a + b for a in RECEIPT_ALPHABET for b in RECEIPT_ALPHABET]
PAIR_MASK = (1 << PAIR_BITS) - 1

assert len(RECEIPT_ALPHABET) == 1 << BITS_PER_SYMBOL
assert RECEIPT_LENGTH % 2 == 0


class Permutation:
    """A keyed bijection of the 50-bit numbers."""

    SHIFT = COUNTER_BITS // 2 + 1

    def __init__(self, rng: random.Random) -> None:
        self.multiplier_1 = rng.getrandbits(COUNTER_BITS) | 1  # odd: invertible modulo 2**50
        self.multiplier_2 = rng.getrandbits(COUNTER_BITS) | 1
        self.offset_1 = rng.getrandbits(COUNTER_BITS)
        self.offset_2 = rng.getrandbits(COUNTER_BITS)

    def __call__(self, value: int) -> int:
        # Two rounds, written out: this runs twice for every response.
        value = (value * self.multiplier_1 + self.offset_1) & COUNTER_MASK
        value ^= value >> self.SHIFT
        value = (value * self.multiplier_2 + self.offset_2) & COUNTER_MASK
        return value ^ (value >> self.SHIFT)


def stream_counter_start(stream_index: int) -> int:
    counter = stream_index << STREAM_BITS
    if counter > COUNTER_MASK:
        raise ValueError("Too many response streams for the receipt ID space.")
    return counter


def receipt_text(value: int) -> str:
    """Ten characters of the receipt alphabet encoding a 50-bit number."""
    return (
        PAIRS[(value >> 40) & PAIR_MASK]
        + PAIRS[(value >> 30) & PAIR_MASK]
        + PAIRS[(value >> 20) & PAIR_MASK]
        + PAIRS[(value >> 10) & PAIR_MASK]
        + PAIRS[value & PAIR_MASK]
    )


class IdentityMint:
    """Hands out (uuid as an int, receipt ID) pairs for counters, reproducibly from a seed."""

    def __init__(self, seed: str) -> None:
        keys = seeded_random(f"{seed}/identity-keys")
        self._receipt = Permutation(keys)
        self._uuid_low = Permutation(keys)
        self._uuid_random = seeded_random(f"{seed}/uuid-bits")

    def receipt_id(self, counter: int) -> str:
        return receipt_text(self._receipt(counter))

    def uuid_int(self, counter: int) -> int:
        value = (self._uuid_random.getrandbits(128) & UUID_RANDOM_MASK) | self._uuid_low(counter)
        value = (value & ~UUID_VERSION_MASK) | UUID_VERSION_4
        return (value & ~UUID_VARIANT_MASK) | UUID_VARIANT_RFC4122
