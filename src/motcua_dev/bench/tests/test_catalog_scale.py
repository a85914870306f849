import json
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.catalog.models import Procedure
from motcua_dev.bench.catalog_file import catalog_file
from motcua_dev.bench.catalog_scale import report_lines, run_catalog_scale


def test_the_file_has_the_count_asked_with_distinct_codes() -> None:
    data = catalog_file(300)

    procedures = data["procedures"]
    assert len(procedures) == 300
    keys = [
        (p.get("national_code"), p.get("local_suffix"), tuple(p.get("aliases", [])))
        for p in procedures
    ]
    assert len(set(keys)) == 300


@pytest.mark.django_db(transaction=True)
def test_the_measure_ranks_and_leaves_nothing_behind() -> None:
    messages: list[str] = []

    report = run_catalog_scale(procedures=150, rounds=1, progress=messages.append)

    assert report.procedures == 150
    assert report.import_seconds > 0
    assert report.import_cpu_seconds > 0
    assert (
        f"in {report.import_seconds} s, CPU of this process {report.import_cpu_seconds} s"
        in (report_lines(report)[0])
    )
    assert report.searches == 10
    assert report.search_p95_ms >= report.search_p50_ms > 0
    assert report.page_p95_ms >= report.page_p50_ms > 0
    # The count, the page, its fee rules and legal basis, the fields of the form, the session:
    # never one query per result (a page lists 20).
    assert report.page_queries <= 8
    assert report.military_first == "Đăng ký nghĩa vụ quân sự (NVQS) lần đầu"
    assert report.exact_code_first == "1.009319.H41"
    assert not Procedure.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_reports_the_import_wall_and_cpu_time_as_json() -> None:
    out, err = StringIO(), StringIO()

    call_command("bench", "catalog", "--procedures", "60", "--json", stdout=out, stderr=err)

    report = json.loads(out.getvalue())
    assert report["procedures"] == 60
    assert report["import_seconds"] > 0
    assert report["import_cpu_seconds"] > 0
    assert f"CPU {report['import_cpu_seconds']:.2f} s" in err.getvalue()
    assert not Procedure.objects.exists()
