"""What a search answers: hits grouped by catalog, and their text marked where it matched."""

from __future__ import annotations

from dataclasses import dataclass, field

from samverkan.search.stemming import MIN_PART, WORD, fold, stem

#: A piece of text and whether it is a word the query matched.
Fragment = tuple[str, bool]


@dataclass(frozen=True)
class Hit:
    """One matching item: what the result list shows of it, and its bm25 score."""

    iri: str
    catalog: str
    kinds: tuple[str, ...]
    owner: str
    labels: dict[str, str]
    texts: dict[str, str]
    score: float
    owner_labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """Return the item's name in ``lang``, else in the other language, else its IRI."""
        return _either(self.labels, lang) or self.iri

    def text(self, lang: str) -> str:
        """Return the item's description in ``lang``, else in the other language."""
        return _either(self.texts, lang)

    def owner_label(self, lang: str) -> str:
        """Return the owner's name in ``lang``, else its IRI."""
        return _either(self.owner_labels, lang) or self.owner


@dataclass
class Group:
    """The hits of one catalog: how many matched, and the best ones."""

    catalog: str
    total: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    """The answer to one query."""

    query: str
    terms: list[str]
    groups: list[Group]
    seconds: float

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def marked(text: str, terms: list[str]) -> list[Fragment]:
    """Split ``text`` into fragments, marking each word that one of ``terms`` matches."""
    folded = [fold(term) for term in terms]
    fragments: list[Fragment] = []
    position = 0
    for word in WORD.finditer(text):
        if _matches(word.group(), folded):
            fragments.append((text[position : word.start()], False))
            fragments.append((word.group(), True))
            position = word.end()
    fragments.append((text[position:], False))
    return [fragment for fragment in fragments if fragment[0]]


def snippet(text: str, terms: list[str], words: int = 30) -> list[Fragment]:
    """Return about ``words`` words of ``text`` around its first match, marked."""
    found = list(WORD.finditer(text))
    if len(found) <= words:
        return marked(text, terms)
    folded = [fold(term) for term in terms]
    first = next((i for i, w in enumerate(found) if _matches(w.group(), folded)), 0)
    start = max(0, min(first - words // 3, len(found) - words))
    end = start + words
    begin = found[start].start()
    stop = found[end - 1].end()
    pieces = marked(text[begin:stop], terms)
    return [("… ", False)] * (start > 0) + pieces + [(" …", False)] * (end < len(found))


def _matches(word: str, folded_terms: list[str]) -> bool:
    """Say whether a term starts the word's stem or, three letters or more, is part of it."""
    candidate = fold(stem(word.casefold()))
    whole = fold(word)
    return any(
        candidate.startswith(term) or (len(term) >= MIN_PART and term in whole)
        for term in folded_terms
    )


def _either(values: dict[str, str], lang: str) -> str:
    other = "en" if lang == "sv" else "sv"
    return values.get(lang) or values.get(other) or ""
