"""Interactive tables (itables, offline): complete up to a size, cut with a note above it; nothing online."""
from __future__ import annotations

import pandas as pd
from itables import to_html_datatable

from helpers.display import MAX_TABLE_BYTES, interactive_tables


def test_outside_a_kernel_nothing_changes():
    assert interactive_tables() is False


def test_a_table_under_the_limit_is_complete_and_offline():
    df = pd.DataFrame({"indicator": [f"row{i}" for i in range(500)], "value": range(500)})
    page = to_html_datatable(df, maxBytes=MAX_TABLE_BYTES, connected=False)
    assert "row499" in page and "downsampled" not in page
    assert "unpkg" not in page and "cdn" not in page.lower().replace("cdnjs", "")


def test_a_huge_table_is_cut_so_the_page_stays_readable():
    # about 12 MB of text: a page would not open; itables keeps a part, says so, and the CSV holds every row
    df = pd.DataFrame({"paragraph_id": [f"p{i:06d}" for i in range(40_000)], "text": ["政府工作报告全文" * 40] * 40_000})
    page = to_html_datatable(df, maxBytes=MAX_TABLE_BYTES, connected=False)
    assert len(page.encode("utf-8")) < 3 * MAX_TABLE_BYTES
    assert "downsampled" in page
