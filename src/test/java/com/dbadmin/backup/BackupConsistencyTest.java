package com.dbadmin.backup;

import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A backup taken while writers keep moving money between accounts (each transfer updates two accounts
 * and records itself in another table, in one transaction) must restore to one instant: the total is
 * exact and every balance agrees with the recorded transfers.
 */
class BackupConsistencyTest {
    static final String SOURCE = "backup_consistency";
    static final int ACCOUNTS = 1000;
    static final long OPENING_BALANCE = 1000;

    @Test
    void aBackupUnderConcurrentTransfersRestoresToOneConsistentInstant() throws Exception {
        Databases.fresh(SOURCE);
        Databases.execute(SOURCE, """
                CREATE SCHEMA bank;
                CREATE TABLE bank.accounts (id integer PRIMARY KEY, balance bigint NOT NULL);
                CREATE TABLE bank.transfers (id bigserial PRIMARY KEY, from_id integer NOT NULL, to_id integer NOT NULL,
                                             amount bigint NOT NULL);
                -- Bulk that makes the backup take long enough for transfers to commit while it runs.
                CREATE TABLE bank.history (id bigint PRIMARY KEY, entry text NOT NULL);
                INSERT INTO bank.accounts SELECT i, %d FROM generate_series(1, %d) i;
                INSERT INTO bank.history SELECT i, repeat(md5(i::text), 4) FROM generate_series(1, 400000) i;
                """.formatted(OPENING_BALANCE, ACCOUNTS));
        Path store = Files.createTempDirectory("backups-consistency");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread writer = new Thread(() -> transferUntilStopped(stop, committed, errors), "transfer-" + i);
            writers.add(writer);
            writer.start();
        }
        String backup;
        long before;
        long after;
        try (ServerContext server = ServerContext.on(SOURCE, Map.of("db-admin.backup.dir", store.toString()))) {
            await("50 transfers committed before the backup starts").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .failFast("a transfer failed", () -> !errors.isEmpty())
                    .until(() -> committed.get() >= 50);
            before = committed.get();
            backup = server.tools().ok("db_backup_full", "{}").get("backup").asText();
            after = committed.get();
        } finally {
            stop.set(true);
            for (Thread writer : writers) {
                writer.join(30_000);
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(after - before > 20, "transfers committed while the backup ran: " + (after - before));

        String target = Databases.fresh("backup_consistency_restored");
        try (ServerContext restore = ServerContext.on(target, Map.of("db-admin.backup.dir", store.toString()))) {
            restore.tools().ok("db_restore_full", "{\"backupFile\":\"" + backup + "\"}");
        }
        assertEquals(ACCOUNTS * OPENING_BALANCE, Databases.number(target, "SELECT sum(balance) FROM bank.accounts"));
        assertEquals(0, Databases.number(target, """
                SELECT count(*) FROM bank.accounts a
                WHERE a.balance <> %d - coalesce((SELECT sum(amount) FROM bank.transfers WHERE from_id = a.id), 0)
                                      + coalesce((SELECT sum(amount) FROM bank.transfers WHERE to_id = a.id), 0)
                """.formatted(OPENING_BALANCE)), "every balance matches the transfers of the same instant");
        long restoredTransfers = Databases.number(target, "SELECT count(*) FROM bank.transfers");
        // A writer may commit just before "after" is read but count itself just after: allow one per writer.
        assertTrue(restoredTransfers >= before && restoredTransfers <= after + writers.size(),
                restoredTransfers + " transfers, expected between " + before + " and " + after);
        assertEquals(400000, Databases.number(target, "SELECT count(*) FROM bank.history"));
    }

    private static void transferUntilStopped(AtomicBoolean stop, AtomicLong committed, List<Throwable> errors) {
        try (Connection connection = Databases.connect(SOURCE);
             PreparedStatement debit = connection.prepareStatement("UPDATE bank.accounts SET balance = balance - ? WHERE id = ?");
             PreparedStatement credit = connection.prepareStatement("UPDATE bank.accounts SET balance = balance + ? WHERE id = ?");
             PreparedStatement record = connection.prepareStatement(
                     "INSERT INTO bank.transfers (from_id, to_id, amount) VALUES (?, ?, ?)")) {
            connection.setAutoCommit(false);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                int from = 1 + random.nextInt(ACCOUNTS);
                int to = 1 + random.nextInt(ACCOUNTS);
                if (from == to) {
                    continue;
                }
                long amount = 1 + random.nextInt(50);
                try {
                    // Lock in id order so writers never deadlock each other.
                    if (from < to) {
                        run(debit, amount, from);
                        run(credit, amount, to);
                    } else {
                        run(credit, amount, to);
                        run(debit, amount, from);
                    }
                    record.setInt(1, from);
                    record.setInt(2, to);
                    record.setLong(3, amount);
                    record.executeUpdate();
                    connection.commit();
                    committed.incrementAndGet();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    private static void run(PreparedStatement statement, long amount, int id) throws SQLException {
        statement.setLong(1, amount);
        statement.setInt(2, id);
        statement.executeUpdate();
    }
}
