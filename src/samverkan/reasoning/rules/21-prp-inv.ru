# prp-inv1, prp-inv2: owl:inverseOf works in both directions.
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?y ?q ?x }
WHERE { ?p owl:inverseOf ?q . ?x ?p ?y FILTER (!isLiteral(?y)) } ;
INSERT { ?y ?p ?x }
WHERE { ?p owl:inverseOf ?q . ?x ?q ?y FILTER (!isLiteral(?y)) }
