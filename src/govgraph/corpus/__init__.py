"""Jobs over the whole store: probable matches across reports, how far documents and reforms reach,
findings of the checks across reports, and validation against the SHACL shapes."""
