# scm-sco: rdfs:subClassOf is transitive (and owl:equivalentClass means subclass both ways).
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?a rdfs:subClassOf ?b ; rdfs:subClassOf ?a . ?b rdfs:subClassOf ?a }
WHERE { ?a owl:equivalentClass ?b } ;
INSERT { ?a rdfs:subClassOf ?c }
WHERE { ?a rdfs:subClassOf/rdfs:subClassOf+ ?c FILTER (?a != ?c) }
