"""A clock keeps its citation in each language of the portal (``Deadline.citations``).

Clocks opened before kept only the Russian text. Best effort for them: when their rule has an
English citation and the stored Russian text starts with the rule's Russian one, the English text
is the rule's English citation followed by the same marks and treaty sources, each source's
instrument and article written in English. Anything left in Cyrillic means the text cannot be
read back safely: such a clock keeps no English and shows its Russian citation.
"""

import re

from django.db import migrations, models
from django.utils import translation

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _source_texts(source) -> tuple[str, str]:
    """How the clock cited a treaty source in Russian, and how it reads in English."""
    from treaties.citations import article_citation

    instrument, article = source.provision.instrument, source.provision.article
    name_ru = instrument.name_ru or instrument.short_name
    name_en = instrument.name_en or name_ru
    with translation.override("ru"):
        article_ru = article_citation(article)
    with translation.override("en"):
        article_en = article_citation(article)
    return f"{name_ru}, {article_ru}", f"{name_en}, {article_en}"


def fill(apps, schema_editor):
    Deadline = apps.get_model("deadlines", "Deadline")
    DeadlineRuleSource = apps.get_model("treaties", "DeadlineRuleSource")
    clocks = (
        Deadline.objects.filter(rule__isnull=False)
        .exclude(rule__citation_en="")
        .select_related("rule")
        .only("id", "citation", "citations", "rule__citation", "rule__citation_en")
    )
    sources: dict[int, list[tuple[str, str]]] = {}
    changed = []
    for clock in clocks.iterator(chunk_size=2000):
        rule = clock.rule
        if not clock.citation or not clock.citation.startswith(rule.citation):
            continue
        if rule.pk not in sources:
            sources[rule.pk] = [
                _source_texts(source)
                for source in DeadlineRuleSource.objects.filter(rule=rule).select_related(
                    "provision__instrument"
                )
            ]
        rest = clock.citation[len(rule.citation) :]
        for russian, english in sources[rule.pk]:
            rest = rest.replace(russian, english)
        english = f"{rule.citation_en}{rest}"
        if CYRILLIC.search(english):
            continue
        clock.citations = {"ru": clock.citation, "en": english[:255]}
        changed.append(clock)
        if len(changed) >= 1000:
            Deadline.objects.bulk_update(changed, ["citations"])
            changed = []
    if changed:
        Deadline.objects.bulk_update(changed, ["citations"])


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0006_notification_titles"),
        ("treaties", "0018_seed_english_citations"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="citations",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
