"""Every string a user can see has a Vietnamese translation, and the catalogues build."""

import pytest

from survey_app import catalogues


@pytest.mark.parametrize("domain", sorted(catalogues.REQUIRED))
def test_vietnamese_catalogue_translates_every_string_in_the_sources(domain):
    locale = catalogues.REQUIRED[domain]
    left = catalogues.problems(domain, locale, catalogues.expected_msgids(domain))
    if left:
        pytest.fail(
            f"{len(left)} string(s) lack a Vietnamese translation in {domain}.po: run "
            "`make translations-update`, translate them, see docs/i18n.md\n  " + "\n  ".join(left),
            pytrace=False,
        )


def test_a_broken_catalogue_stops_the_build(tmp_path):
    po = tmp_path / "vi" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Wait %(minutes)d minutes."\nmsgstr "Chờ %(phut)d phút."\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="Broken catalogue"):
        catalogues.compile_stale(tmp_path)
    assert not po.with_suffix(".mo").exists()


def test_a_string_missing_its_closing_quote_stops_the_build(tmp_path):
    po = tmp_path / "vi" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Cancel"\nmsgstr "Hủy\n', encoding="utf-8")
    with pytest.raises(ValueError, match="malformed line"):
        catalogues.compile_stale(tmp_path)


def test_a_stale_catalogue_is_compiled_again(tmp_path):
    po = tmp_path / "vi" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Sign in"\nmsgstr "Đăng nhập"\n', encoding="utf-8")
    assert catalogues.compile_stale(tmp_path) == [po.with_suffix(".mo")]
    assert catalogues.compile_stale(tmp_path) == []
