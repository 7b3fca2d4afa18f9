"""Budget data: the model of published disclosures and (later) everything that reads it."""
