"""publication layer."""
