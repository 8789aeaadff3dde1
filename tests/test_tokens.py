"""The token estimate against o200k (bpe-openai, installed for development):
over every corpus document and each of its long sections, and over prose in
Hangul, CJK, Cyrillic and Greek, it never counts fewer than 95 % of o200k.
(A line of nothing but rare names can go lower: the estimate cannot know
which words the vocabulary holds.)"""

from __future__ import annotations

import re

import pytest
from conftest import SHARED

from bepkit import tokens

exact = pytest.importorskip("bpe_openai._bindings").tokenizer_for_encoding("o200k_base").count

PROSE = [
    "이 제안서는 스케줄러가 자원을 공정하게 나누는 방법을 설명한다. 사용자는 프로젝트마다 "
    "할당량을 받고, 시스템은 최근 사용량을 반감기로 줄여 우선순위를 계산한다.",
    "数据管道计算会话调度器的公平份额。用户为每个项目获得配额，系统通过半衰期减少最近的使用量。",
    "このシステムは最近の使用量を半減期で減らして優先度を計算します。",
    "Русский текст для проверки счётчика токенов в документах предложений.",
    "Ελληνικά κείμενα για δοκιμή του μετρητή λέξεων και συμβόλων.",
]


def texts() -> list[tuple[str, str]]:
    out = [(f"prose {i}", p * 4) for i, p in enumerate(PROSE)]
    for path in sorted((SHARED / "corpus").rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if len(text) >= 200:
            out.append((str(path), text))
            out += [
                (f"{path}#{i}", s)
                for i, s in enumerate(re.split(r"\n(?=## )", text))
                if len(s) >= 400
            ]
    return out


def test_the_estimate_never_undercounts_by_more_than_five_percent() -> None:
    worst = min(texts(), key=lambda item: tokens.estimate(item[1]) / exact(item[1]))
    ratio = tokens.estimate(worst[1]) / exact(worst[1])
    assert ratio >= 0.95, (worst[0], ratio)


def test_count_uses_the_tokenizer_unless_told_to_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    text = PROSE[0]
    tokens._exact.cache_clear()
    assert tokens.method() == "o200k_base" and tokens.count(text) == exact(text)
    monkeypatch.setenv("BEP_TOKENIZER", "estimate")
    tokens._exact.cache_clear()
    try:
        assert tokens.method() == "estimate" and tokens.count(text) == tokens.estimate(text)
    finally:
        monkeypatch.delenv("BEP_TOKENIZER")
        tokens._exact.cache_clear()
