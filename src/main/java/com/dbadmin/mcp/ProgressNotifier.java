package com.dbadmin.mcp;

import com.dbadmin.call.ProgressListener;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends a call's progress reports to the client as {@code notifications/progress} with the request's
 * {@code progressToken}. The spec wants progress to grow with every notification: a report that does not
 * is dropped.
 */
final class ProgressNotifier implements ProgressListener {
    private final JsonNode token;
    private final McpSession session;
    private final JsonRpc rpc;
    private long last = -1;

    ProgressNotifier(JsonNode token, McpSession session, JsonRpc rpc) {
        this.token = token;
        this.session = session;
        this.rpc = rpc;
    }

    @Override
    public synchronized void progress(long done, Long total, String message) {
        if (done <= last) {
            return;
        }
        last = done;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("progressToken", token);
        params.put("progress", done);
        if (total != null) {
            params.put("total", total);
        }
        if (message != null) {
            params.put("message", message);
        }
        session.notify(rpc.notification("notifications/progress", params));
    }
}
