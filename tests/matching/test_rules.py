"""One test per rule of the matcher: each table, each fold, each parsing form, each evidence."""

from __future__ import annotations

import datetime

import pytest

from matching import Name, compare, parse, search_key_groups, search_keys, skeleton
from matching.compare import script_of
from matching.normalize import layout_variant, patronymic_parts, surname_parts


# --- skeleton: every system of one letter meets -----------------------------------------------
@pytest.mark.parametrize(
    ("spellings", "rule"),
    [
        (["Жақсылық", "Жаксылык", "ZHAKSYLYK", "Jaqsylyq", "Žaķsylyķ", "Zhaqsylyq"], "Ж Қ Ы"),
        (["Хабибуллин", "KHABIBULLIN", "Habibullin", "Xabibullin"], "Х: kh, h, x"),
        (["Цветков", "TSVETKOV", "Cvetkov", "Czvetkov"], "Ц: ts, c, cz"),
        (["Щербаков", "SHCHERBAKOV", "Ŝerbakov", "Shherbakov"], "Щ: shch, ŝ, shh"),
        (["Юлия", "IULIIA", "Yuliya", "Ûliâ"], "Ю Я: iu, yu, û; ia, ya, â"),
        (["Ерлан", "ERLAN", "Yerlan"], "Е at the start: e, ye"),
        (["Фёдор", "FEDOR", "Fyodor", "Fëdor", "Fiodor"], "Ё: e, yo, ë, io"),
        (["Сергей", "SERGEI", "Sergey", "Sergej"], "Й: i, y, j"),
        (["Ғалым", "GALYM", "Ghalym", "Ğalym", "Ġalym"], "Ғ: g, gh, ğ, ġ"),
        (["Жаңыл", "ZHANYL", "Zhangyl", "Jañyl"], "Ң: n, ng, ñ"),
        (["Өмүрбек", "OMURBEK", "Ömürbek", "Ômùrbek"], "Ө Ү: o, ö, ô; u, ü, ù"),
        (["Нұрсұлтан", "Нурсултан", "NURSULTAN", "Nūrsūltan"], "Ұ: u, ū"),
        (["Әлібек", "Алибек", "ALIBEK", "Älıbek", "Älībek"], "Ә І: a, ä; i, ı, ī"),
        (["Шолпан", "SHOLPAN", "Şolpan", "Šolpan"], "Ш: sh, ş, š"),
        (["Чыңгыз", "CHYNGYZ", "Çyñgyz", "Čyngyz"], "Ч: ch, ç, č"),
        (["Наталья", "NATALIA", "Natal’ya", "Natalʹâ", "Natal`ya"], "Ь dropped"),
        (["Бейшеналиев", "BEISHENALIEV", "Beyshenaliyev", "Bejšenaliev"], "Й Е after vowels"),
        (["Алла", "Ала"], "double letters"),
        (["Соловьёв", "SOLOVEV", "Solov’yëv", "Solovʹëv", "Solov`yov", "Solovyev"], "ьё"),
        (["Юрьевич", "IUREVICH", "Yur’yevich", "Ûrʹevič"], "ье"),
        (["Тілеуов", "Tıleuov"], "і as ı"),
    ],
)
def test_skeleton_brings_every_system_to_one_form(spellings, rule):
    assert len({skeleton(s) for s in spellings}) == 1, (rule, [skeleton(s) for s in spellings])


def test_skeleton_is_lower_case_ascii():
    for word in ("Әйгерім", "Ömürbek", "Žèènbekov", "Natal’ya", "Bejšenalieva"):
        sk = skeleton(word)
        assert sk.isascii() and sk.isalpha() and sk == sk.lower()


def test_skeleton_keeps_different_names_apart():
    for a, b in [("Асанов", "Асанбеков"), ("Айгүл", "Айгерим"), ("Марат", "Мурат")]:
        assert skeleton(a) != skeleton(b)


# --- surnames and patronymics ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("surname", "root", "sex"),
    [
        ("Асанов", "asan", "m"),
        ("Асанова", "asan", "f"),
        ("ALIEVA", "al", "f"),
        ("Пушкина", "pushk", "f"),
        ("Троцкий", "troc", "m"),
        ("Троцкая", "troc", "f"),
        ("Белых", "belih", ""),
        ("Шевченко", "shevchenko", ""),
    ],
)
def test_surname_sex_endings(surname, root, sex):
    assert surname_parts(skeleton(surname))[:2] == (root, sex)


@pytest.mark.parametrize(
    ("patronymic", "root", "sex", "family"),
    [
        ("Нурланович", "nurlan", "m", "ru"),
        ("Нурлановна", "nurlan", "f", "ru"),
        ("Нұрланұлы", "nurlan", "m", "kz"),
        ("NURLANULY", "nurlan", "m", "kz"),
        ("Серікқызы", "serik", "f", "kz"),
        ("Нурлан уулу", "nurlan", "m", "kg"),
        ("Асель кызы", "asel", "f", "kg"),
        ("Сергеевич", "serg", "m", "ru"),
        ("Алиевич", "al", "m", "ru"),
        ("Ильинична", "ilin", "f", "ru"),
    ],
)
def test_patronymic_families(patronymic, root, sex, family):
    assert patronymic_parts(patronymic) == (root, sex, family)


def test_a_given_name_is_not_a_patronymic():
    assert patronymic_parts("Нурлан") == ("", "", "")


# --- parsing -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Асанов Нурлан Бакытович", ("Асанов", "Нурлан", "Бакытович")),
        ("Нурлан Бакытович Асанов", ("Асанов", "Нурлан", "Бакытович")),
        ("Nurlan Asanov", ("Asanov", "Nurlan", "")),
        ("Марина Иванова", ("Иванова", "Марина", "")),
        ("Абрамович Роман", ("Абрамович", "Роман", "")),
        ("Роман Абрамович", ("Абрамович", "Роман", "")),
        ("Бабич Иван Петрович", ("Бабич", "Иван", "Петрович")),
        ("Пушкин Александр", ("Пушкин", "Александр", "")),
        ("Асанов, Нурлан", ("Асанов", "Нурлан", "")),
        ("ASANOV<<NURLAN<BAKYTOVICH", ("ASANOV", "NURLAN", "BAKYTOVICH")),
        ("P<KGZASANBEK<UULU<<NURLAN<<<<<<<<", ("ASANBEK UULU", "NURLAN", "")),
        ("Асанбек уулу Нурлан", ("", "Нурлан", "Асанбек уулу")),
        ("Жумабаева Айгүл Эрмек кызы", ("Жумабаева", "Айгүл", "Эрмек кызы")),
        ("  Серікбаев   Ғалым  Нұрланұлы ", ("Серікбаев", "Ғалым", "Нұрланұлы")),
    ],
)
def test_parse_string_forms(text, expected):
    name = parse(text)
    assert (name.surname, name.given_name, name.patronymic) == expected


def test_parse_finds_birth_date_and_document_in_the_string():
    name = parse("Асанов Нурлан 01.05.1990 AN1234567")
    assert name.birth_date == datetime.date(1990, 5, 1)
    assert name.document_number == "AN1234567"
    assert parse("Асанов Нурлан 1990-05-01").birth_date == datetime.date(1990, 5, 1)


def test_parse_mapping_tolerates_missing_and_bad_values():
    name = parse({"surname": "Асанов", "birth_date": "not a date", "given_name": None})
    assert name == Name("Асанов", "")


# --- keyboard layout ---------------------------------------------------------------------------
def test_wrong_layout_is_retyped():
    assert layout_variant("Fcfyjd") == "асанов"  # Асанов typed on QWERTY
    assert layout_variant("Фыфтщм") == "asanov"  # Asanov typed on ЙЦУКЕН
    assert layout_variant(";fyljc") == "жандос"  # ; is Ж
    assert layout_variant("Asanov") == ""
    assert layout_variant("Асанов") == ""
    assert layout_variant("Айгүл") == ""  # Kyrgyz letters are typed on purpose


def test_compare_through_keyboard_layout():
    match = compare("Асанов Нурлан", "Fcfyjd Yehkfy")
    assert match.same_person
    assert "surname: keyboard layout" in match.reasons


# --- comparing -------------------------------------------------------------------------------
def test_scripts_and_patronymic_families_are_reasons():
    match = compare("Серікбаев Ғалым Нұрланұлы", "Serıkbaev Ğalym Nūrlanūly")
    assert match.same_person
    assert "surname: Kazakh Cyrillic ↔ Kazakh Latin" in match.reasons
    match = compare("Серікбаев Ғалым Нұрланұлы", "Серикбаев Галым Нурланович")
    assert match.same_person
    assert "patronymic: -ұлы ↔ -ович" in match.reasons


def test_kyrgyz_uulu_surname_meets_its_russian_form():
    match = compare("Асанбек уулу Нурлан", "Асанбеков Нурлан Асанбекович")
    assert match.same_person
    assert "patronymic: uulu ↔ -ович" in match.reasons


def test_name_order_does_not_matter():
    match = compare("Серік Бақыт", {"surname": "Бақыт", "given_name": "Серік"})
    assert match.same_person
    assert "name order: given name first ↔ surname first" in match.reasons


def test_near_names_are_different_people():
    assert not compare("Асанов Нурлан", "Асанбеков Нурлан").same_person
    assert not compare("Токтогулова Айгүл", "Токтогулова Айгерим").same_person
    assert not compare("Сидоров Азамат", "Сидорин Азамат").same_person


def test_siblings_and_father_and_son_are_different_people():
    assert not compare("Асанов Бакыт Нурланович", "Асанов Улан Нурланович").same_person
    assert not compare("Асанов Нурлан Серикович", "Асанов Бакыт Нурланович").same_person


def test_opposite_sex_patronymics_are_different_people():
    match = compare("Иванов Женя Петрович", "Иванова Женя Петровна")
    assert not match.same_person
    assert "sex differs" in match.reasons


def test_birth_date_is_strong_evidence():
    same = {"surname": "Асанов", "given_name": "Нурлан", "birth_date": "1990-05-01"}
    other = {"surname": "ASANOV", "given_name": "NURLAN", "birth_date": "1991-05-01"}
    match = compare(same, dict(same, surname="ASANOV", given_name="NURLAN"))
    assert match.same_person and "birth date: same" in match.reasons
    match = compare(same, other)
    assert not match.same_person and "birth date: differs" in match.reasons
    # A typo in the surname passes when the birth date agrees.
    typo = dict(same, surname="Асанв")
    assert (
        compare(same, typo).score
        > compare(
            {"surname": "Асанов", "given_name": "Нурлан"},
            {"surname": "Асанв", "given_name": "Нурлан"},
        ).score
    )


def test_document_number_is_nearly_certain_and_a_different_one_weak():
    a = {"surname": "Асанов", "given_name": "Нурлан", "document_number": "AN 1234567"}
    match = compare(
        a, {"surname": "Asanov", "given_name": "Nurlan", "document_number": "AN1234567"}
    )
    assert match.score >= 0.97 and "document: same number" in match.reasons
    renewed = {"surname": "Asanov", "given_name": "Nurlan", "document_number": "AN7654321"}
    match = compare(a, renewed)
    assert match.same_person and "document: different number" in match.reasons


def test_threshold_decides_the_answer():
    assert compare("Асанов Нурлан", "Асанова Нурлан", threshold=0.5).same_person
    assert not compare("Асанов Нурлан", "Асанова Нурлан", threshold=0.99).same_person


def test_nothing_to_compare():
    match = compare("", "")
    assert match.score == 0 and not match.same_person


# --- search keys -------------------------------------------------------------------------------
def test_search_keys_strip_sex_endings_and_patronymic_suffixes():
    assert search_keys("Асанова Айгүл Нурлановна") == search_keys("ASANOV AIGUL NURLANULY")
    assert search_keys("Асанбек уулу Нурлан")[:2] == ["nurlan", "asanbek"]


def test_search_keys_add_other_readings():
    assert search_keys("Alexander Petrov") == ["petr", "alehander", "aleksander"]
    assert "tleu" in search_keys("Тілеуов Асқар")


def test_search_keys_add_the_retyped_word():
    keys = search_keys("Fcfyjd Yehkfy")
    assert "asan" in keys and "nurlan" in keys


def test_search_key_groups_keep_a_words_readings_together():
    # Two readings of one given name are one part: a search that asks for two agreeing parts
    # must not be satisfied by «Бакыт» alone.
    assert search_key_groups("Касымов Бакыт") == [["kasim", "kasm"], ["bakit", "bakt"]]
    assert search_key_groups("Fcfyjd Yehkfy") == [["fcfid", "asan", "fcfjd"], ["ehkfi", "nurlan"]]
    groups = search_key_groups("Асанова Айгүл Нурлановна")
    assert [key for group in groups for key in group] == search_keys("Асанова Айгүл Нурлановна")


def test_search_key_groups_hold_a_key_once():
    assert search_key_groups("Бакытов Бакыт") == [["bakit", "bakt"]]


def test_script_names():
    assert script_of("Жақсылық") == "Kazakh Cyrillic"
    assert script_of("Үсөн") == "Kyrgyz Cyrillic"
    assert script_of("Иванов") == "Cyrillic"
    assert script_of("Jaqsylyq") == "Kazakh Latin"
    assert script_of("Ŝerbakov") == "ISO 9"
    assert script_of("Czvetkov") == "GOST 7.79 B"
    assert script_of("IVANOV") == "passport Latin"


# --- look-alike letters and initials -------------------------------------------------------------
def test_look_alike_letters_of_the_other_script_are_read_as_the_words_own():
    assert skeleton("Cергей") == skeleton("Сергей")  # Latin C in a Cyrillic word
    assert skeleton("ASАNOV") == skeleton("ASANOV")  # Cyrillic А in a Latin word
    assert compare("Cергей Иванов", "SERGEI IVANOV").same_person


@pytest.mark.parametrize("text", ["Асанов Н.Б.", "Асанов Н. Б.", "Н.Б. Асанов"])
def test_initials_are_parsed(text):
    assert parse(text) == Name("Асанов", "Н.", "Б.")


def test_initials_agree_but_need_evidence():
    full = {"surname": "Асанов", "given_name": "Нурлан", "patronymic": "Бакытович"}
    short = {"surname": "Асанов", "given_name": "Н.", "patronymic": "Б."}
    match = compare(full, short)
    assert not match.same_person
    assert "given name: initial" in match.reasons
    dated = {"birth_date": "1990-05-01"}
    assert compare(full | dated, short | dated).same_person
    assert not compare(full | dated, dict(short, given_name="У.") | dated).same_person
    assert "n" not in search_keys(short)


def test_reduced_vowels_left_out_by_the_russian_spelling():
    assert compare("Тілеуов Асқар Мұратұлы", "Тлеуов Аскар Муратович").same_person
    assert compare("Әбдірахманов Ерлан", "Абдрахманов Ерлан").same_person


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Александр Петров", "Alexander Petrov"),
        ("Максим Петров", "Maxim Petrov"),
        ("Юлия Петрова", "Julia Petrova"),
        ("Яна Иванова", "Jana Ivanova"),
        ("Ахметов Жандос", "Axmetov Jandos"),  # GOST 7.79 B x and Kazakh Latin j still hold
    ],
)
def test_english_x_and_j_are_read_too(cyrillic, latin):
    assert compare(cyrillic, latin).same_person
