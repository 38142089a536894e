"""The console's docks: each its own module, each fed by a model that the live hub keeps current."""
