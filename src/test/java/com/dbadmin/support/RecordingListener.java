package com.dbadmin.support;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolOutcome;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sees every completed call the way audit and metrics do (a real {@link ToolCallListener}), so tests can check
 * which caller and transport a door handed to the invoker. Only in contexts with {@code test.record-calls}.
 */
@Singleton
@Requires(property = "test.record-calls", value = "true")
public class RecordingListener implements ToolCallListener {
    public record Completed(String tool, CallContext caller, ToolOutcome outcome) {
    }

    private final List<Completed> calls = new CopyOnWriteArrayList<>();

    @Override
    public void afterCompletion(ToolCall call, ToolOutcome outcome) {
        calls.add(new Completed(call.tool().name(), call.context(), outcome));
    }

    @Override
    public void afterUnknownTool(String toolName, CallContext caller, ToolOutcome outcome) {
        calls.add(new Completed(toolName, caller, outcome));
    }

    public Completed last() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    public void clear() {
        calls.clear();
    }
}
