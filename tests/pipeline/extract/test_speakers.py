"""Speakers named in apposition to a relation or title."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_article
from pipeline.models import Article

CONTEXT = ("Cuba's foreign ministry confirmed the deaths of three Cuban nationals serving with the "
           "Russian army.\n\n")


def _statements(body: str) -> list[dict]:
    article = Article(article_id="art-test", source_file="t.txt", text=CONTEXT + body, published="2024-06-13")
    return extract_article(article)["extracted_statements"]


def _speakers(body: str) -> list[tuple]:
    return [(s["speaker_name"], s["speaker_title"]) for s in _statements(body)]


@pytest.mark.parametrize("body, speaker", [
    ("\"He sent a voice message from the hospital saying his leg was hurt,\" his wife, Marta, said.",
     ("Marta", "wife")),
    ("'We only want to see his face one last time,' said his mother, Elena Sokol, 52.", ("Elena Sokol", "mother")),
    ("'We only want to see his face one last time,' said his mother, Elena.", ("Elena", "mother")),
    ("His wife, Marta, said that he had sent a voice message from the hospital in Rostov.", ("Marta", "wife")),
    ("Marta, his wife, said that he had sent a voice message from the hospital in Rostov.", ("Marta", "wife")),
])
def test_a_name_in_apposition_to_a_relation_is_the_speaker_with_the_relation_as_title(body, speaker):
    assert _speakers(body) == [speaker]


@pytest.mark.parametrize("body", [
    "'We only want to see his face one last time,' said his mother, who lives in Rostov.",
    "'We only want to see his face one last time,' said his mother, Ukraine being far away.",
    # a capitalised word that is never a name (a weekday) is no name in apposition
    "'We only want to see his face one last time,' said his mother, Sunday.",
])
def test_a_relation_followed_by_anything_but_a_name_stays_an_unnamed_relation(body):
    assert _speakers(body) == [(None, "mother")]
