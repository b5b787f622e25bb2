"""Quotations in single marks (British style) and the apostrophes that must not open one."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_article
from pipeline.extract.text import quotes
from pipeline.models import Article

CONTEXT = ("Cuba's foreign ministry confirmed the deaths of three Cuban nationals serving with the "
           "Russian army.\n\n")


def _statements(body: str) -> list[dict]:
    article = Article(article_id="art-test", source_file="t.txt", text=CONTEXT + body, published="2024-06-13")
    return extract_article(article)["extracted_statements"]


def _quoted(text: str) -> list[str]:
    return [q.text for q in quotes(text)]


@pytest.mark.parametrize("mark_open, mark_close", [("'", "'"), ("‘", "’")])
def test_a_quotation_in_single_marks_is_a_direct_statement_of_the_appositive_speaker(mark_open, mark_close):
    body = (f"{mark_open}He rang us in March and said he was being sent to the front,{mark_close} "
            "his elder brother, Piotr Nowak, told the Courier.")
    st = [s for s in _statements(body) if s["kind"] == "direct"]
    assert [s["text"] for s in st] == ["He rang us in March and said he was being sent to the front,"]
    assert st[0]["speaker_name"] == "Piotr Nowak"


def test_single_marks_pair_around_an_attribution_and_keep_apostrophes_inside():
    body = ("'We don't know where he is,' Anna Weber, the ministry's spokesperson, said, adding, "
            "'The workers' families were told nothing.'")
    st = [s for s in _statements(body) if s["kind"] == "direct"]
    assert [s["text"] for s in st] == ["We don't know where he is,", "The workers' families were told nothing."]
    assert all(s["speaker_name"] == "Anna Weber" for s in st)
    # the second quotation's evidence does not hold the first one
    assert "don't know" not in st[1]["evidence"]


@pytest.mark.parametrize("text", [
    "Russia's embassy did not respond to the Indians' families.",
    "We don't think they're coming back, and we're told it isn't safe.",
    "The recruiters will get 'em back, he said of the men who left.",
    "Kyiv's and Moscow's figures differ; the soldiers' pay was cut.",
])
def test_apostrophes_open_no_quotation(text):
    assert _quoted(text) == []


@pytest.mark.parametrize("text, quoted", [
    ("'We will get 'em back home,' he said.", "We will get 'em back home,"),
    ("'It felt like the '90s all over again,' he said.", "It felt like the '90s all over again,"),
])
def test_an_elided_word_inside_a_single_quoted_quotation_neither_ends_nor_opens_one(text, quoted):
    assert _quoted(text) == [quoted]


def test_a_plural_possessive_inside_a_single_quoted_quotation_does_not_close_it():
    text = "'The Indians' families were told nothing,' he said. The workers' huts were cold."
    assert _quoted(text) == ["The Indians' families were told nothing,"]


def test_single_marks_inside_a_double_quoted_quotation_stay_part_of_it():
    text = "\"He told me 'stay calm' and then he left the camp,\" she said."
    assert _quoted(text) == ["He told me 'stay calm' and then he left the camp,"]


def test_a_double_quoted_phrase_inside_a_single_quoted_quotation_is_part_of_it():
    text = "'They called it a \"short contract\" and we believed them,' he said."
    assert _quoted(text) == ['They called it a "short contract" and we believed them,']


def test_single_quoted_phrases_in_reported_speech_are_scare_quotes_not_statements():
    body = ("The ministry said it was 'in touch with the authorities' about the case and would "
            "'make every effort' to repatriate the remains. His brother said he had been promised "
            "'better employment' as a 'helper' in Moscow.")
    assert _quoted(body) == ["in touch with the authorities", "make every effort", "better employment", "helper"]
    st = _statements(body)
    assert not [s for s in st if s["kind"] == "direct"]
    assert any(s["kind"] == "indirect" and s["text"].startswith("it was 'in touch") for s in st)
