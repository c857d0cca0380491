"""A corpus: many reports as panel tables — per report, per term, per theme, per indicator, per index.

The package holds, floor by floor (each module imports only from the ones below it):

=================  ================================================================================
:mod:`.notebook`   notebook 05's parameters checked, the tables built and read (:func:`open_corpus`)
:mod:`.growth_key` the held-out growth key scored through the corpus pipeline
:mod:`.groups`     groups of reports, keyness between groups, term trends, theme and indicator views
:mod:`.tables`     :func:`build_corpus` writes the tables (CSV and Parquet); :func:`read_corpus` reads them
:mod:`.executors`  where the per-report work runs: local processes or a Dask cluster
:mod:`.worker`     the per-report work (:func:`analyse_report`: every analysis's rows from the registry, what the
                   tables across reports need) and its cache entry (:func:`entry_path`)
:mod:`.discovery`  the report files of a corpus and the manifest's hand corrections
:mod:`.columns`    the columns of every corpus table (an analysis's from its registry entry)
=================  ================================================================================

Every public name is importable from ``helpers.corpus`` itself, as before the split.
"""
from .columns import (
    CORPUS_INDICATOR_COLUMNS, INDEX_COLUMNS, KEYWORD_COLUMNS, MANIFEST_COLUMNS, REPORT_COLUMNS, THEME_COLUMNS,
)
from .discovery import corpus_files, default_manifest, read_manifest, relative_to_project
from .executors import DASK_MISSING, EXECUTORS, dask_available
from .groups import (
    GroupComparison, compare_groups, group_keyness, indicator_across, select_reports, term_trends, theme_matrix,
)
from .growth_key import growth_key_files, score_growth_folder
from .notebook import CorpusSetup, open_corpus
from .tables import CorpusSummary, CorpusTables, build_corpus, keyword_counts, read_corpus, usable_reports
from .worker import CACHE_KIND, ReportResult, Task, analyse_report, entry_path

__all__ = [
    "CorpusSummary", "CorpusTables", "ReportResult", "Task", "analyse_report", "build_corpus", "compare_groups",
    "corpus_files", "group_keyness", "indicator_across", "keyword_counts", "open_corpus", "read_corpus", "read_manifest",
    "select_reports", "term_trends", "theme_matrix", "usable_reports",
]
