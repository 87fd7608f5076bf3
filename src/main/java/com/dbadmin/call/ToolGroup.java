package com.dbadmin.call;

/** The five tool groups; each deploys as one Lambda function and maps to scopes. */
public enum ToolGroup {
    QUERY, INSERT, BATCH, SCHEMA, BACKUP;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
