//! Integration tests: import_aws.
