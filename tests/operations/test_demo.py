from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from library.models import LibraryDocument
from library.search import library_search
from operations.models import Operation
from operations.stats import results

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_operations_and_library_once(settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", password="Пароль-демо-1")
    call_command("seed_demo", password="Пароль-демо-1")
    out = capsys.readouterr().out
    assert "Операция «Караван»" in out
    assert Operation.objects.count() == 2
    planned = Operation.objects.get(status="planned")
    assert 6 <= (planned.h_hour - timezone.now()).days <= 7
    done = Operation.objects.get(status="completed")
    assert done.reports.count() == 2
    totals = results(Operation.objects.filter(pk=done.pk))
    assert totals["victims_identified"] == 14 and totals["persons_detained"] == 3
    documents = LibraryDocument.objects.all()
    assert documents.count() >= 5
    assert set(documents.values_list("language", flat=True)) >= {"ru", "kk", "ky", "en"}
    assert documents.filter(instrument__isnull=False).count() >= 3
    methodology = documents.get(kind="methodology", language="ru", own_country_only=False)
    assert methodology.versions.get().content_type == "application/pdf"
    assert "торговля людьми" in methodology.search_text
    assert list(library_search(documents, "торговля людьми")) != []
