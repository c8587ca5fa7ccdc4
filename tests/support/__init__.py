"""Test support: the bench fixture's pieces, test stations, builders."""
