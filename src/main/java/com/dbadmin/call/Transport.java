package com.dbadmin.call;

/** How a call reached us; a metrics label and an audit column. */
public enum Transport {
    MCP_HTTP, MCP_STDIO, REST, LAMBDA, SCHEDULER;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
