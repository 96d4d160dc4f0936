//! Unit tests of the route choice and the rule matching.
