# prp-trp: the closure of every owl:TransitiveProperty, in one pass.
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x ?p ?z }
WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p+ ?z }
