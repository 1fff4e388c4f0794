# cax-sco: a member of a class is a member of its super-classes.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?x a ?d }
WHERE { ?c rdfs:subClassOf ?d FILTER (?c != ?d) ?x a ?c }
