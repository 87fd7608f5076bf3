package com.dbadmin.call;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Database errors map by SQLSTATE wherever it sits: on the error, or under a pool's or a framework's wrapper
 * that carries none; a lost connection is a retryable DB_503, never a DB_500 the caller cannot act on.
 */
class SqlErrorsTest {

    @Test
    void aServerShutdownUnderAWrapperWithoutStateIsUnavailable() {
        SQLException shutdown = new SQLException("terminating connection due to administrator command", "57P01");
        SQLException wrapper = new SQLException("Unable to restore connection to its original state", null, shutdown);
        ToolException error = SqlErrors.translate(wrapper);
        assertEquals(ErrorCode.DB_503_UNAVAILABLE, error.code());
        assertEquals("57P01", error.details().get("sqlstate"));
    }

    @Test
    void aDatabaseErrorUnderRuntimeWrappersIsFoundAndMappedByTheStateBeneath() {
        SQLException shutdown = new SQLException("terminating connection due to administrator command", "57P01");
        SQLException stateless = new SQLException("Unable to restore connection to its original state", null, shutdown);
        RuntimeException wrapped = new IllegalStateException("data access", new RuntimeException("query", stateless));
        assertSame(stateless, SqlErrors.under(wrapped).orElseThrow());
        assertEquals(ErrorCode.DB_503_UNAVAILABLE, SqlErrors.translate(SqlErrors.under(wrapped).orElseThrow()).code());
        assertTrue(SqlErrors.under(new IllegalStateException("no database here")).isEmpty());
    }

    @Test
    void aStatelessErrorOfALostConnectionIsUnavailable() {
        SQLException closed = new SQLException("This connection has been closed.");
        assertEquals(ErrorCode.DB_503_UNAVAILABLE, SqlErrors.translate(closed).code());
        SQLException io = new SQLException("send failed", null, new EOFException());
        assertEquals(ErrorCode.DB_503_UNAVAILABLE, SqlErrors.translate(io).code());
        assertEquals(ErrorCode.DB_503_UNAVAILABLE,
                SqlErrors.translate(new SQLTransientConnectionException("pool exhausted")).code());
    }

    @Test
    void otherErrorsKeepTheirMeaning() {
        assertEquals(ErrorCode.DB_409_CONFLICT, SqlErrors.translate(new PSQLException("dup",
                PSQLState.UNIQUE_VIOLATION)).code());
        assertEquals(ErrorCode.DB_504_TIMEOUT, SqlErrors.translate(new SQLException("cancel", "57014")).code());
        ToolException unknown = SqlErrors.translate(new SQLException("driver misuse"));
        assertEquals(ErrorCode.DB_500_DATABASE, unknown.code());
        assertEquals("Database error (SQLException).", unknown.getMessage());
    }
}
