package com.dbadmin.call;

/** MCP tool annotations: what a client may assume before calling. */
public record ToolHints(boolean readOnly, boolean destructive, boolean idempotent) {
    public static final ToolHints READ_ONLY = new ToolHints(true, false, true);
    public static final ToolHints ADDITIVE = new ToolHints(false, false, false);
    public static final ToolHints DESTRUCTIVE = new ToolHints(false, true, false);
    public static final ToolHints DESTRUCTIVE_IDEMPOTENT = new ToolHints(false, true, true);
}
