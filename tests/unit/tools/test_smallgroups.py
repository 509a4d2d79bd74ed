"""The small-group file of `make small-build`: valid, derived from the dataset, with each group of
GROUPS cut to exactly the size asked for and every other record kept."""

from __future__ import annotations

import pytest

from ctdc_story.data import loader, stats
from ctdc_story.tools import smallgroups


@pytest.mark.parametrize("size", [9, 10, 11])
def test_each_group_has_exactly_size_records(dataset, tmp_path, size):
    out = tmp_path / f"small-{size}.csv"
    done = smallgroups.write(out, size, dataset.path)
    small = loader.load(out)
    assert len(small) == len(dataset) and not small.is_official_release
    assert len(done) == len(smallgroups.GROUPS)
    for what, _column, members in smallgroups.GROUPS:
        assert int(members(small.frame).sum()) == size, what


def test_nine_records_are_shown_as_suppressed(dataset):
    frame, _done = smallgroups.small_groups(dataset.frame, 9)
    flows = stats.shares(frame, "UN_COE_Region", within="UN_COO_Region")
    row = stats.pick(flows, "Americas/Oceania", "Americas/Oceania")
    assert row.isna()["count"] and row.isna()["share"]
    by_group = stats.shares(frame, "exploitation", within="victim_group")
    assert stats.pick(by_group, "isSexualExploit", "Male").isna()["count"]


def test_a_group_too_small_to_cut_is_a_message(dataset):
    with pytest.raises(smallgroups.BuildError, match="only 41 male victims of sexual exploitation"):
        smallgroups.small_groups(dataset.frame, 50)
