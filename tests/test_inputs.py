"""Reading articles: files, folders, encodings, and refusing what is not text (pure, no model)."""
from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.inputs import Source, collect, decode, read


def test_collect_expands_folders_recursively_and_reports_missing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "two.md").write_text("y")
    (tmp_path / "a" / "skip.json").write_text("{}")
    (tmp_path / "empty").mkdir()
    got = collect([str(tmp_path / "a"), str(tmp_path / "nope.txt"), str(tmp_path / "empty")])
    assert sorted(s.path.rsplit("/", 1)[1] for s in got.sources) == ["one.txt", "two.md"]
    reasons = dict(got.failures)
    assert reasons[str(tmp_path / "nope.txt")] == "no such file or folder"
    assert "no *.txt or *.md" in reasons[str(tmp_path / "empty")]


def test_collect_does_not_repeat_a_file_named_twice(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x")
    assert len(collect([str(f), str(tmp_path)]).sources) == 1


@pytest.mark.parametrize(
    "data, why",
    [
        (b"%PDF-1.7\n%...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00\x00\x00def" * 10, "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
    ],
)
def test_binary_input_is_refused_with_the_reason(data, why):
    with pytest.raises(InputError) as e:
        decode(data, "in.txt")
    assert e.value.path == "in.txt" and why in e.value.reason


def test_empty_and_blank_files_are_refused(tmp_path):
    for name, content in (("empty.txt", b""), ("blank.txt", b"  \n\t\n")):
        f = tmp_path / name
        f.write_bytes(content)
        with pytest.raises(InputError) as e:
            read(Source(str(f)))
        assert "empty" in e.value.reason and e.value.path == str(f)


def test_latin1_is_decoded_with_a_warning_and_bom_and_crlf_are_clean():
    text, warnings = decode("Société Générale lent €5m to Crédit Agricole.".encode("cp1252"), "x")
    assert text == "Société Générale lent €5m to Crédit Agricole."
    assert warnings and "UTF-8" in warnings[0]
    text, warnings = decode(b"\xef\xbb\xbfFirst line\r\nSecond line\r\n", "y")
    assert text == "First line\nSecond line\n" and warnings == []


def test_html_is_stripped_to_text_with_a_warning_and_scripts_dropped():
    page = b"<html><head><script>alert('x')</script><title>Loan</title></head><body><p>Acme lent $5 to Beta.</p></body></html>"
    text, warnings = decode(page, "page.txt")
    assert "Acme lent $5 to Beta." in text
    assert "alert" not in text and "<p>" not in text
    assert any("HTML" in w for w in warnings)


def test_article_id_is_the_sha256_of_its_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Headline\n\nBody.", encoding="utf-8")
    article, _ = read(Source(str(f)))
    import hashlib

    assert article.sha256 == hashlib.sha256("Headline\n\nBody.".encode()).hexdigest()
    assert article.id == article.sha256[:16] and article.title == "Headline"
