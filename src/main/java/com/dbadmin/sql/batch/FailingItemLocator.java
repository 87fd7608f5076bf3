package com.dbadmin.sql.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import java.util.Set;

/**
 * Finds which item of a failed set-based batch statement is at fault. PostgreSQL reports the
 * constraint and column of a failure but not which row of a multi-row statement caused it, so the
 * batch is replayed on prefixes under a savepoint: the smallest prefix that fails ends with the
 * item at fault. Bisection needs about log2(n) statements, so a 1000-record batch failing at its
 * last record is diagnosed in ~10 set-based statements rather than 1000 single-row ones; and the
 * fast path pays nothing for this beyond one SAVEPOINT.
 */
final class FailingItemLocator {
    /** SQLSTATE classes caused by the data itself, so they reproduce on replay. */
    private static final Set<String> ITEM_CLASSES = Set.of("21", "22", "23", "44");

    private FailingItemLocator() {
    }

    /** Runs the batch's statements for the first {@code count} items. */
    @FunctionalInterface
    public interface PrefixRun {
        void run(int count) throws SQLException;
    }

    public record Located(int index, SQLException error) {
    }

    /** Whether the failure comes from the data of some item (as opposed to timeouts, locks, lost connections). */
    public static boolean isItemError(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() != 5) {
            return false;
        }
        return ITEM_CLASSES.contains(state.substring(0, 2)) || state.equals("P0001");
    }

    /**
     * Rolls back to {@code savepoint} (taken before the batch ran), then bisects over prefixes of the
     * {@code size} items. Leaves the transaction rolled back to the savepoint. Empty when no prefix
     * fails on replay (the failure did not come from one item, e.g. it depended on a concurrent change).
     */
    public static Optional<Located> locate(Connection connection, Savepoint savepoint, int size, PrefixRun run)
            throws SQLException {
        connection.rollback(savepoint);
        int low = 1;
        int high = size;
        SQLException failureAtHigh = null;
        while (low < high) {
            int middle = (low + high) >>> 1;
            SQLException failure = probe(connection, savepoint, middle, run);
            if (failure != null) {
                high = middle;
                failureAtHigh = failure;
            } else {
                low = middle + 1;
            }
        }
        if (failureAtHigh == null) {
            failureAtHigh = probe(connection, savepoint, low, run);
        }
        return failureAtHigh == null ? Optional.empty() : Optional.of(new Located(low - 1, failureAtHigh));
    }

    private static SQLException probe(Connection connection, Savepoint savepoint, int count, PrefixRun run)
            throws SQLException {
        try {
            run.run(count);
            return null;
        } catch (SQLException e) {
            if (!isItemError(e)) {
                throw e;
            }
            return e;
        } finally {
            connection.rollback(savepoint);
        }
    }
}
