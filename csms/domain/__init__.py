"""Pure rules and the domain event model. Nothing in this package does I/O."""
