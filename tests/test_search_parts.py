"""Search by parts of words: Swedish compounds by their parts, English words, exact names
first, and suggestions as one types.

The reference for what a part finds is a plain scan: every indexed document whose folded
names and descriptions hold the part (or a word starting with its stem), compared with what
the trigram index answers, for parts of the example federation's own compounds.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from samverkan.config import Settings
from samverkan.namespaces import ID
from samverkan.search import SearchIndex, for_settings
from samverkan.search.documents import read
from samverkan.search.stemming import fold, normalise, stem
from samverkan.storage import GraphLayout, OxigraphStore

POPULATION_REGISTRATION = str(ID["skatteverket/concept/population-registration"])
#: Parts of compounds in the example data (folkbokföring, barnbidrag, födelseanmälan …), an
#: English word inside longer ones, a part written without diacritics, and a nonsense part.
PARTS = ["bokföring", "folk", "bidrag", "anmälan", "anmalan", "registrering", "notification",
         "schema", "xyzzyq"]  # fmt: skip


@pytest.fixture(scope="module")
def index(settings: Settings, store: OxigraphStore) -> SearchIndex:
    return for_settings(settings)


def everything(index: SearchIndex, text: str) -> set[str]:
    return {hit.iri for group in index.search(text, 100_000).groups for hit in group.hits}


def scanned(settings: Settings, store: OxigraphStore, part: str) -> set[str]:
    """Return the documents a plain scan finds for one word: as a part, or by its stem."""
    wanted, stemmed = fold(part), stem(part.casefold())
    found = set()
    for document in read(store, GraphLayout(settings.base_iri)):
        texts = [t for values in (document.names, document.texts) for v in values.values()
                 for t in v]  # fmt: skip
        joined = " ".join(texts)
        stems = normalise(joined).split()
        if wanted in fold(joined) or any(fold(s).startswith(fold(stemmed)) for s in stems):
            found.add(document.iri)
    return found


@pytest.mark.parametrize("part", PARTS)
def test_a_part_finds_what_a_plain_scan_finds(
    index: SearchIndex, settings: Settings, store: OxigraphStore, part: str
) -> None:
    expected = scanned(settings, store, part)
    assert bool(expected) == (part != "xyzzyq")
    assert everything(index, part) == expected


def test_a_swedish_compound_is_found_by_each_of_its_parts(index: SearchIndex) -> None:
    for part in ("bokföring", "folk", "Folkbokföring", "bokforing"):
        assert POPULATION_REGISTRATION in everything(index, part), part


def test_two_parts_must_both_match(index: SearchIndex) -> None:
    both = everything(index, "folk bokföring")
    assert POPULATION_REGISTRATION in both
    assert both <= everything(index, "folk") & everything(index, "bokföring")


@pytest.mark.parametrize(
    ("query", "catalog"),
    [("Folkbokföring", "information-exchange"), ("Navet", "service"),
     ("Barnbidrag", "information-exchange"), ("population registration", "information-exchange")],
)  # fmt: skip
def test_an_exact_name_comes_first(index: SearchIndex, query: str, catalog: str) -> None:
    group = next(g for g in index.search(query).groups if g.catalog == catalog)
    first = group.hits[0]
    names = {fold(first.label("sv")), fold(first.label("en"))}
    assert fold(query) in names, [h.label("sv") for h in group.hits]
    scores = [hit.score for hit in group.hits]
    assert scores == sorted(scores, reverse=True)


def test_suggestions_come_as_one_types(client: FlaskClient) -> None:
    answer = client.get("/search/suggest?q=folkbok&lang=sv")
    assert answer.status_code == 200 and answer.json is not None
    suggestions = answer.json["suggestions"]
    assert 0 < len(suggestions) <= 8
    assert all(s["href"].startswith("/id/") and s["label"] for s in suggestions)
    assert any(s["iri"] == POPULATION_REGISTRATION for s in suggestions)
    assert answer.json["status"] == f"{len(suggestions)} förslag"
    english = client.get("/search/suggest?q=bidrag&lang=en").json
    assert english is not None and english["status"].endswith("suggestions")


@pytest.mark.parametrize("text", ['"', "*", "NEAR(a b)", "}{:^-+", "a", ""])
def test_suggestions_take_any_text(client: FlaskClient, text: str) -> None:
    answer = client.get("/search/suggest", query_string={"q": text})
    assert answer.status_code == 200
    assert answer.json is not None and isinstance(answer.json["suggestions"], list)
