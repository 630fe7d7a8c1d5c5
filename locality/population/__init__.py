"""Population intelligence into practice: keyed pseudonyms, the analytics export and
outreach lists that stay pseudonymised until a member of staff with a care relationship
re-identifies a person (docs/decisions/0009-pseudonymised-outreach-lists.md)."""
