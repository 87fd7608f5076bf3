-- The audit trail: one row per tool call, whatever the transport and whatever the outcome.
-- Flyway runs this in schema dbadmin (history in dbadmin.flyway_schema_history); tools never see
-- this schema except through db_query_audit_logs and db_get_audit_summary.
CREATE TABLE dbadmin.audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "timestamp"    timestamptz NOT NULL DEFAULT now(),
    user_id        text        NOT NULL,
    authenticated  boolean     NOT NULL,
    transport      text        NOT NULL,
    client_address text,
    user_agent     text,
    request_id     text,
    operation      text        NOT NULL,
    table_name     text,
    affected_ids   jsonb,
    before_data    jsonb,
    after_data     jsonb,
    row_count      bigint      NOT NULL DEFAULT 0,
    duration_ms    bigint      NOT NULL,
    success        boolean     NOT NULL,
    error_code     text,
    error_message  text
);

COMMENT ON TABLE dbadmin.audit_log IS 'One row per tool call (database-admin-server); changes commit with their row.';
COMMENT ON COLUMN dbadmin.audit_log.operation IS 'Tool name, e.g. db_update_records';
COMMENT ON COLUMN dbadmin.audit_log.before_data IS 'Rows before an update/delete; columns named like password/secret/token are redacted';

-- The operators' queries (runbook): recent activity, by operation and table, by user over time.
CREATE INDEX audit_log_timestamp_idx ON dbadmin.audit_log ("timestamp" DESC);
CREATE INDEX audit_log_operation_table_idx ON dbadmin.audit_log (operation, table_name);
CREATE INDEX audit_log_user_timestamp_idx ON dbadmin.audit_log (user_id, "timestamp" DESC);
-- Failed calls are few and looked at often.
CREATE INDEX audit_log_failures_idx ON dbadmin.audit_log ("timestamp" DESC) WHERE NOT success;
