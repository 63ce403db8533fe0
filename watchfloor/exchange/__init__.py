"""Exchange with partners: STIX 2.1 out and in."""
