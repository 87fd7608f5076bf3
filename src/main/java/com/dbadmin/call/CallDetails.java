package com.dbadmin.call;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a handler tells the audit trail about its work: the table it resolved, the rows it touched and
 * their images before and after a change.
 */
public final class CallDetails {
    private String table;
    private long rowCount;
    private final List<Object> affectedIds = new ArrayList<>();
    private JsonNode before;
    private JsonNode after;
    private boolean schemaChanged;
    private boolean auditedInTransaction;
    private ServedBy servedBy;

    public String table() {
        return table;
    }

    public CallDetails table(String qualifiedName) {
        this.table = qualifiedName;
        return this;
    }

    public long rowCount() {
        return rowCount;
    }

    public CallDetails rowCount(long count) {
        this.rowCount = count;
        return this;
    }

    public List<Object> affectedIds() {
        return affectedIds;
    }

    public JsonNode before() {
        return before;
    }

    public CallDetails before(JsonNode image) {
        this.before = image;
        return this;
    }

    public JsonNode after() {
        return after;
    }

    public CallDetails after(JsonNode image) {
        this.after = image;
        return this;
    }

    /** Whether the call ran DDL (restores, imports that create tables); the catalogue reloads after it. */
    public boolean schemaChanged() {
        return schemaChanged;
    }

    public CallDetails schemaChanged(boolean changed) {
        this.schemaChanged = changed;
        return this;
    }

    /** Whether the audit row was written inside the call's transaction (it then commits with the change). */
    public boolean auditedInTransaction() {
        return auditedInTransaction;
    }

    public CallDetails auditedInTransaction(boolean audited) {
        this.auditedInTransaction = audited;
        return this;
    }

    /** Set by a handler that reads through a connection of its own (caller SQL), not the call's session. */
    public ServedBy servedBy() {
        return servedBy;
    }

    public CallDetails servedBy(ServedBy served) {
        this.servedBy = served;
        return this;
    }
}
