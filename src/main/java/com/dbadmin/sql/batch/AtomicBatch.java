package com.dbadmin.sql.batch;

import com.dbadmin.call.SqlErrors;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;

/**
 * Runs a batch inside the call's transaction so that it is all or nothing, and turns a failure caused by
 * one item into an error naming that item. The call's transaction rolls back on any failure (the
 * invoker does that); the savepoint only serves the diagnosis.
 */
public final class AtomicBatch {
    private AtomicBatch() {
    }

    /** Work over the first {@code count} items of the batch. */
    @FunctionalInterface
    public interface Work<T> {
        T run(int count) throws SQLException;
    }

    /**
     * @param argument the argument holding the items ({@code records}, {@code updates}, {@code conditions}),
     *                 used in error messages
     */
    public static <T> T run(Connection connection, String argument, int size, Work<T> work) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            return work.run(size);
        } catch (IndexedSQLException e) {
            throw BatchErrors.at(argument, e.index(), e.original());
        } catch (SQLException e) {
            if (!FailingItemLocator.isItemError(e)) {
                // Timeouts, deadlocks, lost connections: not about one item; the invoker reports them.
                throw e;
            }
            Optional<FailingItemLocator.Located> located =
                    FailingItemLocator.locate(connection, savepoint, size, work::run);
            if (located.isPresent()) {
                SQLException cause = located.get().error() instanceof IndexedSQLException indexed
                        ? indexed.original() : located.get().error();
                throw BatchErrors.at(argument, located.get().index(), cause);
            }
            throw SqlErrors.translate(e);
        }
    }
}
