"""The registry's citations in English: each seeded deadline rule's citation and each criminal
code edition's short name, so that an English reader sees no Russian in legal references.

Translated from the Russian as seeded (article numbers unchanged; "ст. 587 ч. 2" is written
"Art. 587(2)", the notation of the registry's provisions). The codes' abbreviations are the
accepted English ones: "CC KR" (Criminal Code of the Kyrgyz Republic), "CC RK" (of the Republic
of Kazakhstan), likewise "CPC KR" / "CPC RK" for the codes of criminal procedure.

The rules of coordinated operations and of the information exchange are seeded by those apps'
own migrations; this one runs after them (its dependencies) so that a fresh database gets their
English too. Idempotent: fills only rows that exist, never touches a rule's Russian citation;
the reverse empties the English fields again.
"""

from django.db import migrations

RULE_CITATIONS_EN = {
    "kz-detention-72h": "CPC RK, Art. 587(2)",
    "kz-custody-motion-60h": "CPC RK, Art. 588(1)",
    "detention-pending-extradition-request-40d": "CPC RK, Art. 588(1)",
    "extradition-supplement-1m": "Chisinau Convention, Art. 70 (to be confirmed)",
    "surrender-takeover-15d": "Chisinau Convention, Art. 80 (to be confirmed)",
    "mla-execution-target": "UNTOC, Art. 18(24); target 30 days — practice, not law",
    "mla-supplement-target": "Practice (not law)",
    "jit-agreement-end": "UNTOC, Art. 19; agreement setting up the team",
    "jit-task-due": "Decision of the team's coordinator",
    "kg-detention-wanted-person": (
        "CPC KR — article on the detention of a person wanted by a foreign state"
    ),
    "exchange-urgent-response": "Information exchange practice (not law); UNTOC, Art. 18(4)",
    "coordinated-operation-d-day": (
        "CIS Agreement on Cooperation in Combating Trafficking in Persons, Human Organs and "
        "Tissues (Minsk, 25 Nov 2005); decision of the parties' leaders"
    ),
}

CODE_SHORT_NAMES_EN = {
    "УК КР 1997": "CC KR 1997",
    "УК КР 2017": "CC KR 2017",
    "УК КР 2021": "CC KR 2021",
    "УК РК 2014": "CC RK 2014",
}


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("treaties", "DeadlineRule")
    CriminalCode = apps.get_model("treaties", "CriminalCode")
    for code, citation_en in RULE_CITATIONS_EN.items():
        DeadlineRule.objects.filter(code=code).update(citation_en=citation_en)
    for short_name, short_name_en in CODE_SHORT_NAMES_EN.items():
        CriminalCode.objects.filter(short_name=short_name).update(short_name_en=short_name_en)


def unseed(apps, schema_editor):
    apps.get_model("treaties", "DeadlineRule").objects.filter(
        code__in=list(RULE_CITATIONS_EN)
    ).update(citation_en="")
    apps.get_model("treaties", "CriminalCode").objects.filter(
        short_name__in=list(CODE_SHORT_NAMES_EN)
    ).update(short_name_en="")


class Migration(migrations.Migration):
    dependencies = [
        ("treaties", "0017_english_citations"),
        # Their seeds create two of the rules translated here (see the module's docstring).
        ("operations", "0002_seed_dday_rule"),
        ("exchange", "0002_seed_registry"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
