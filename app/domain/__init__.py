"""Domain layer: entities, value types and computations. Plain Python: no Qt, no SQL."""
