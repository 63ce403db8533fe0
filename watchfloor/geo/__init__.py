"""Admin boundaries, gazetteer, point → region, name → place."""
