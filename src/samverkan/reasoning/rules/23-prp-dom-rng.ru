# prp-dom, prp-rng: the subject of a property is in its domain, an IRI object in its range.
# Only named classes: domains and ranges given as owl:unionOf say nothing about one individual.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?x a ?c }
WHERE { ?p rdfs:domain ?c FILTER isIRI(?c) ?x ?p ?y } ;
INSERT { ?y a ?c }
WHERE { ?p rdfs:range ?c FILTER isIRI(?c) ?x ?p ?y FILTER (!isLiteral(?y)) }
