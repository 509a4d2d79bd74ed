"""The linked-table attack recovers a small cell from exact counts, and cannot from rounded ones."""

from __future__ import annotations

import json

from ctdc_story.data import privacy, stats
from ctdc_story.tools import attack, audit

FLOWS = [("UN_COE_Region", "UN_COO_Region"), ("UN_COO_Region", "UN_COE_Region")]
COLUMNS = ["group_code", "group", "category_code", "category", "share", "count", "base", "not_recorded"]


def old_rule(count: int) -> int | None:
    """What the site published before rounding: exact counts, "<10" only below 10."""
    return count if count >= privacy.RESOLUTION else None


def plant(root, records, publish) -> None:
    """A tiny site in ``root``: the two region-flow tables, every count published by ``publish``."""
    data = root / "en" / "data"
    data.mkdir(parents=True)
    index = []
    for of, within in FLOWS:
        table = stats.shares(records, of, within=within)
        key = f"{of}-within-{within}"
        lines = ["# planted", ",".join(COLUMNS)]
        for row in table.itertuples():
            masks = stats.cell_masks(records, table.attrs["query"], row.group, row.category)
            count, base, missing = (publish(int(masks[k].sum())) for k in ("count", "base", "not_recorded"))
            share = "" if count is None or base is None else f"{count / base:.4f}"
            values = [row.group, row.group, row.category, row.category, share, count, base, missing]
            lines.append(",".join(privacy.SUPPRESSED if v is None else str(v) for v in values))
        (data / f"{key}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        index.append({"key": key, "title": key, "csv": f"{key}.csv", "query": table.attrs["query"]})
    (data / "figures.json").write_text(json.dumps(index), encoding="utf-8")


def test_exact_counts_leak_a_small_flow(tmp_path, records):
    plant(tmp_path, records, old_rule)
    report = attack.run(tmp_path, records)
    leaks = [f.detail for f in report.findings if f.rule == "small cell narrowed below the resolution"]
    # African citizens exploited in the Americas/Oceania: 4,255 - 3,279 - 916 - 53 = 7.
    flow = [
        d
        for d in leaks
        if d.startswith("count of (Africa, Americas/Oceania) in shares of UN_COE_Region within UN_COO_Region")
    ]
    assert flow and "true count 7" in flow[0] and "[7.00, 7.00]" in flow[0]
    assert report.narrowest.width < 1e-6


def test_rounded_counts_do_not(tmp_path, records):
    plant(tmp_path, records, privacy.safe_count)
    report = attack.run(tmp_path, records)
    assert report.findings == [] and report.targets > 0
    assert report.narrowest.width >= privacy.RESOLUTION - attack.TOLERANCE


def test_editions_that_disagree_are_a_finding(tmp_path, records):
    plant(tmp_path, records, privacy.safe_count)
    french = tmp_path / "fr" / "data"
    french.mkdir(parents=True)
    for path in (tmp_path / "en" / "data").iterdir():
        (french / path.name).write_text(path.read_text(encoding="utf-8").replace(",3270,", ",3280,"), encoding="utf-8")
    rules = {f.rule for f in attack.run(tmp_path, records).findings}
    assert "published numbers disagree" in rules


def test_intervals():
    assert attack.interval(None) == (0, privacy.RESOLUTION)
    assert attack.interval(4250) == (4250, 4260)
    assert attack.interval(4255) == (4255, 4255)  # the rounding rule cannot give it: it is exact


def test_make_audit_fails_on_the_leak(tmp_path, records, capsys, monkeypatch):
    plant(tmp_path, records, old_rule)
    monkeypatch.setattr(attack, "records", lambda tool: records)
    assert audit.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "small cell narrowed below the resolution" in out and out.count("attack: ") == 1
