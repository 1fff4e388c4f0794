# prp-trp: every owl:TransitiveProperty is closed under composition. The rule is written once
# per transitive property of the ontology (#PROPERTY#, filled in by the reasoner), with a
# property path so that one application closes chains of any length.
INSERT { ?x #PROPERTY# ?z }
WHERE { ?x #PROPERTY# ?y . ?y #PROPERTY#+ ?z }
