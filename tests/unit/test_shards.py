"""The distributed numerical phase's batches: each global batch is split across the ranks exactly once."""

from __future__ import annotations

from remake.harvest.distributed import shard


def test_shards_cover_each_batch_once():
    members = [7, 3, 9, 1, 4]
    parts = [shard(members, rank, 2) for rank in range(2)]
    assert sorted(parts[0] + parts[1]) == sorted(members) and parts == [[7, 9, 4], [3, 1]]
    assert shard([5], 1, 2) == []
