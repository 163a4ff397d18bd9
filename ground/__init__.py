"""The ground the stages stand on: the store, site profiles, errors and text normalisers."""
