"""The park directory: parks, manager claims, versioned edits and property listings."""
