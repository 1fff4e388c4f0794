# prp-trp: every owl:TransitiveProperty is closed under composition (the fixpoint loop repeats
# this until nothing new follows, so chains of any length close).
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x ?p ?z }
WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z }
