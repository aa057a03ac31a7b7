"""The built-in offline engine: a deterministic generator backed by the competency library."""
