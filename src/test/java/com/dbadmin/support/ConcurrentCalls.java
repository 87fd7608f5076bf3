package com.dbadmin.support;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.tool.ToolInvoker;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Many tool calls from several threads at once through the invoker, as concurrent clients make them. */
public final class ConcurrentCalls {
    private ConcurrentCalls() {
    }

    /**
     * Makes {@code calls} calls from {@code clients} threads; {@code call} gives the tool name and its
     * arguments (JSON) for call number i.
     *
     * @param stopAtFirstFailure end the run at the first failure
     * @return the failures, as "tool CODE: message"
     */
    public static List<String> run(ToolInvoker invoker, CallContext caller, int calls, int clients,
                                   IntFunction<String[]> call, boolean stopAtFirstFailure) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                        String[] toolAndArguments = call.apply(i);
                        ToolOutcome outcome = invoker.invoke(toolAndArguments[0], Tools.json(toolAndArguments[1]), caller);
                        if (!outcome.success()) {
                            failures.add(toolAndArguments[0] + " " + outcome.error().code() + ": "
                                    + outcome.error().getMessage());
                            if (stopAtFirstFailure) {
                                next.set(calls);
                            }
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(failures);
    }
}
