package com.dbadmin.call;

/**
 * What the transport keeps of a running call: where its progress goes, and the switch that cancels it.
 * Cancelling stops the statement running on the call's connection (PostgreSQL's cancel request) and makes
 * every later progress report and statement fail, so the invoker rolls the whole call back.
 */
public final class CallControl {
    private final ProgressListener progress;
    private volatile boolean cancelled;
    private volatile DbSession session;

    public CallControl(ProgressListener progress) {
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** A call nobody watches and nobody can cancel (REST, Lambda, scheduler). */
    public static CallControl none() {
        return new CallControl(ProgressListener.NONE);
    }

    void attach(DbSession session) {
        this.session = session;
        if (cancelled) {
            session.cancelRunningStatement();
        }
    }

    /** Asks the call to stop; safe from any thread, and a no-op once it finished. */
    public void cancel() {
        cancelled = true;
        DbSession current = session;
        if (current != null) {
            current.cancelRunningStatement();
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Throws {@link CallCancelledException} when the client cancelled the call. */
    public void checkNotCancelled() {
        if (cancelled) {
            throw new CallCancelledException();
        }
    }

    void report(long done, Long total, String message) {
        checkNotCancelled();
        progress.progress(done, total, message);
    }
}
