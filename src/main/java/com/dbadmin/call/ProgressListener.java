package com.dbadmin.call;

/**
 * Receives progress reports of a long call (backups, restores, exports, imports, batch writes): MCP sends
 * them to the client as {@code notifications/progress}; other transports ignore them.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total, message) -> {
    };

    /**
     * @param done    work done so far (rows, tables, items); grows with each report
     * @param total   the whole amount when known, else null
     * @param message what is being done now, for a person
     */
    void progress(long done, Long total, String message);
}
