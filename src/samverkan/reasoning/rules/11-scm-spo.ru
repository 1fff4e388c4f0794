# scm-spo: rdfs:subPropertyOf is transitive (and owl:equivalentProperty means it both ways).
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?p }
WHERE { ?p owl:equivalentProperty ?q } ;
INSERT { ?p rdfs:subPropertyOf ?r }
WHERE { ?p rdfs:subPropertyOf/rdfs:subPropertyOf+ ?r FILTER (?p != ?r) }
