"""Issue 14: bad input, bad parameters and faults never lose work or give silent nonsense."""
from __future__ import annotations

import hashlib
import random
import subprocess
import sys

import pytest

from helpers import cache, clean_text, prepare_report
from helpers.errors import ParameterError
from helpers.figures import cjk_font_subset
from helpers.params import check_notebook_names
from helpers.paths import PROJECT_ROOT, RAW_DIR, SAMPLE_REPORT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)


def raw_checksums() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(RAW_DIR.iterdir())}


@pytest.mark.parametrize("args", [
    ["indicators", "data/raw/wuxi_2021.txt", "-o", "data/raw/wuxi_2021.txt"],
    ["indicators", "data/raw/wuxi_2021.txt", "-o", "data/raw/new.csv"],
    ["render", "data/raw/wuxi_2021.txt", "-o", "data/raw"],
])
def test_outputs_never_go_into_raw_data(args):
    before = raw_checksums()
    proc = run(*args)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "data/raw/" in proc.stderr
    assert raw_checksums() == before


def test_output_equal_to_an_input_is_refused(tmp_path):
    copy = tmp_path / "report.txt"
    copy.write_bytes(SAMPLE_REPORT.read_bytes())
    proc = run("indicators", str(copy), "-o", str(copy))
    assert proc.returncode == 2 and "is an input of this command" in proc.stderr
    assert copy.read_bytes() == SAMPLE_REPORT.read_bytes()


def test_cache_fuzz_never_loads_damage(tmp_path, monkeypatch):
    # a real cache entry (a prepared report), damaged 1,000 times with a fixed seed
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    prepared = prepare_report(SAMPLE_REPORT, use_cache=False)
    path = cache.entry("prepared", "fuzz")
    cache.write(path, prepared)
    data = path.read_bytes()
    rng = random.Random(14)
    for _ in range(1000):
        damaged = bytearray(data)
        for _ in range(5):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        if bytes(damaged) == data:
            continue
        path.write_bytes(bytes(damaged))
        assert cache.read(path) is None
    cache.write(path, prepared)
    assert "都市圈" in cache.read(path).text


def test_damaged_font_subset_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    font = cjk_font_subset("政府工作报告")
    entry = next(tmp_path.glob("fonts/*"))
    entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])  # truncated
    assert cjk_font_subset("政府工作报告") == font


def test_traditional_chinese_is_converted_and_logged():
    traditional = "各位代表：\n全市生產總值增長6%，新增就業12萬個崗位，建成學校15所。"
    cleaned = clean_text(traditional)
    assert "全市生产总值增长6%，新增就业12万个岗位，建成学校15所。" in cleaned.text
    assert (cleaned.log.rule == "to_simplified").sum() == 1
    assert "to_simplified" not in set(clean_text(SAMPLE_REPORT.read_text(encoding="utf-8")).log.rule)


def test_misspelt_notebook_parameter_is_refused():
    with pytest.raises(ParameterError, match="reprot_path = 'x.txt': unknown parameter; did you mean report_path"):
        check_notebook_names({"reprot_path": "x.txt", "report_path": "data/raw/wuxi_2021.txt"})
    check_notebook_names({"themes": object(), "theme": "culture", "tokens": 3, "part": 3})  # ordinary names pass


def test_a_bad_parameter_stops_a_notebook_with_one_line(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(str(PROJECT_ROOT / "notebooks" / "02_indicators.ipynb"), str(tmp_path / "out.ipynb"),
                            parameters={"report_path": str(SAMPLE_REPORT), "output_dir": str(tmp_path), "reprot_year": 2020},
                            progress_bar=False, kernel_name="python3", cwd=str(PROJECT_ROOT / "notebooks"))
    assert err.value.ename == "ParameterError"
    assert "reprot_year = 2020: unknown parameter; did you mean report_year?" in err.value.evalue


# --------------------------------------------------------------------------- bad files


def test_random_high_bytes_are_not_chinese(tmp_path):
    from helpers import ReportError, load_report

    rng = random.Random(14)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(rng.randrange(0x81, 0xFF) for _ in range(20_000)))
    with pytest.raises(ReportError, match="noise.txt: does not read as Chinese prose"):
        load_report(noise)


def test_damaged_utf8_is_named_as_such(tmp_path):
    from helpers import ReportError, load_report

    data = SAMPLE_REPORT.read_bytes()
    middle = len(data) // 2
    while data[middle] & 0xC0 != 0x80:  # the middle of a multi-byte character
        middle += 1
    cut = tmp_path / "cut.txt"
    cut.write_bytes(data[:middle])
    report = load_report(cut)
    assert report.encoding == "utf-8" and "damaged byte at offset" in report.warnings[0]
    proc = run("indicators", str(cut), "-o", str(tmp_path / "i.csv"))
    assert proc.returncode == 0 and "damaged byte at offset" in proc.stderr
    spoilt = bytearray(data)
    for i in range(1000, len(spoilt), 5000):
        spoilt[i] = 0xFF
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(spoilt))
    with pytest.raises(ReportError, match=r"bad.txt: is UTF-8 text with \d+ undecodable bytes, the first at offset 99\d"):
        load_report(bad)


def test_fifo_device_empty_path_and_huge_file_are_refused(tmp_path, monkeypatch):
    import os

    from helpers import ReportError, load_report

    os.mkfifo(tmp_path / "pipe")
    for path, message in [(tmp_path / "pipe", "is a FIFO"), ("/dev/zero", "is a device"), ("", r"\(empty path\): give the path")]:
        with pytest.raises(ReportError, match=message):
            load_report(path)
        proc = run("indicators", str(path), "-o", str(tmp_path / "x.csv"))
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    monkeypatch.setenv("GWR_MAX_REPORT_MB", "0.05")
    with pytest.raises(ReportError, match="over the 0.05 MB limit.*GWR_MAX_REPORT_MB"):
        load_report(SAMPLE_REPORT)


def test_traditional_report_is_read_and_converted(tmp_path):
    import opencc

    from helpers.indicators import extract_indicators

    simplified = prepare_report(SAMPLE_REPORT)
    trad = tmp_path / "wuxi_2021_traditional.txt"
    trad.write_text(opencc.OpenCC("s2t").convert(SAMPLE_REPORT.read_text(encoding="utf-8")), encoding="utf-8")
    converted = prepare_report(trad)
    assert (converted.log.rule == "to_simplified").sum() > 50
    a = extract_indicators(simplified.structure)
    b = extract_indicators(converted.structure)
    assert len(b) >= 0.97 * len(a)  # was 123 of 169 before conversion (個 and other units unknown)
