package com.dbadmin.ops.logging;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints logback's own warnings and errors (a broken logback.xml, an unknown appender) to stderr.
 * Without a status listener, logback prints its whole status report to <em>stdout</em> when it meets a
 * warning, which would corrupt the JSON-RPC stream of MCP over stdio.
 */
public class StderrWarningStatusListener extends ContextAwareBase implements StatusListener, LifeCycle {
    private volatile boolean started;

    @Override
    public void addStatusEvent(Status status) {
        if (started && status.getEffectiveLevel() >= Status.WARN) {
            System.err.println("logback " + (status.getEffectiveLevel() >= Status.ERROR ? "ERROR" : "WARN")
                    + ": " + status.getMessage()
                    + (status.getThrowable() == null ? "" : " (" + status.getThrowable() + ")"));
        }
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
