-- The rights a call was made with, next to who made it: the caller's granted scopes, space-separated and
-- sorted (db:admin for callers trusted by deployment). An audit row then answers "could this caller do that".
ALTER TABLE dbadmin.audit_log ADD COLUMN scopes text;

COMMENT ON COLUMN dbadmin.audit_log.scopes IS 'Scopes granted to the caller, space-separated (e.g. "db:read db:write")';
