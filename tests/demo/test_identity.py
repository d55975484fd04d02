import uuid

from govcx.demo.identity import IdentityMint, Permutation, receipt_text, stream_counter_start
from govcx.demo.randomness import seeded_random
from govcx.responses.models import RECEIPT_ALPHABET, RECEIPT_LENGTH


def test_permutation_never_maps_two_counters_to_one_value() -> None:
    permutation = Permutation(seeded_random("test"))
    counters = [*range(100_000), *range(stream_counter_start(1), stream_counter_start(1) + 1000)]
    values = {permutation(counter) for counter in counters}
    assert len(values) == len(counters)
    assert all(0 <= value < 2**50 for value in values)


def test_receipt_ids_are_unique_readable_and_reproducible() -> None:
    mint = IdentityMint("seed-a")
    receipts = [mint.receipt_id(counter) for counter in range(200_000)]
    assert len(set(receipts)) == len(receipts)
    assert all(len(receipt) == RECEIPT_LENGTH for receipt in receipts)
    assert set("".join(receipts)) <= set(RECEIPT_ALPHABET)
    assert receipts[:50] == [IdentityMint("seed-a").receipt_id(c) for c in range(50)]
    assert receipts[:50] != [IdentityMint("seed-b").receipt_id(c) for c in range(50)]


def test_receipt_text_encodes_every_five_bits() -> None:
    assert receipt_text(0) == "0" * RECEIPT_LENGTH
    assert receipt_text(2**50 - 1) == "Z" * RECEIPT_LENGTH
    assert receipt_text(33) == "0" * 8 + "11"


def test_uuids_are_version_4_and_unique() -> None:
    mint = IdentityMint("seed-a")
    values = [uuid.UUID(int=mint.uuid_int(counter)) for counter in range(50_000)]
    assert len(set(values)) == len(values)
    assert {value.version for value in values} == {4}
    assert {value.variant for value in values} == {uuid.RFC_4122}
