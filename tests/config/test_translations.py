"""Every language the shop offers is translated whole: no empty or fuzzy entry, the placeholders of
each message kept, and the committed .mo files compiled from the .po files as they are."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
SOURCE_LANGUAGE = "en"  # the msgids are English: its catalogue is empty by design
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def directory(code: str) -> str:
    return code.replace("-hans", "_Hans")


def catalogue(code: str):
    with (LOCALE / directory(code) / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po)


def messages(code: str) -> list:
    return [m for m in catalogue(code) if m.id]


TRANSLATED = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def test_the_six_languages_are_offered():
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en", "fr", "zh-hans", "ko", "ja"]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code):
    untranslated = [
        m.id
        for m in messages(code)
        if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    fuzzy = [m.id for m in messages(code) if m.fuzzy]

    assert untranslated == []
    assert fuzzy == []
    assert not catalogue(code).fuzzy


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_its_message(code):
    wrong = []
    for m in messages(code):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        wrong += [(ids[0], s) for s in strings if sorted(PLACEHOLDER.findall(s)) != wanted]

    assert wrong == []


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_language_has_the_same_messages(code):
    assert {m.id for m in messages(code)} == {m.id for m in messages("vi")}


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_committed_mo_file_is_compiled_from_the_po_file(code):
    mo = LOCALE / directory(code) / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    stale = []
    for m in messages(code):
        if isinstance(m.id, tuple):
            got = translations.ngettext(m.id[0], m.id[1], 1)
            expected = m.string[0]
        else:
            got, expected = translations.gettext(m.id), m.string
        if got != expected:
            stale.append(m.id)

    assert stale == []
