package com.dbadmin.mcp;

import com.dbadmin.call.CallControl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The running tool calls of a conversation by request id, so that {@code notifications/cancelled} finds them. */
final class InFlightCalls {
    private final Map<String, CallControl> running = new ConcurrentHashMap<>();

    void start(String key, CallControl control) {
        running.put(key, control);
    }

    void finish(String key, CallControl control) {
        running.remove(key, control);
    }

    /** Cancels the call; an id that is unknown or already finished is ignored, as the spec asks. */
    boolean cancel(String key) {
        CallControl control = running.get(key);
        if (control == null) {
            return false;
        }
        control.cancel();
        return true;
    }
}
