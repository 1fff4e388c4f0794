# prp-spo1: a statement with a sub-property also holds with its super-properties.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?x ?q ?y }
WHERE { ?p rdfs:subPropertyOf ?q . ?x ?p ?y FILTER (?p != ?q) }
