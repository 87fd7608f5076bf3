package com.dbadmin.call;

/**
 * Which server answered a call's reads, when the database has a read replica.
 *
 * @param server        {@code replica} or {@code primary}
 * @param replayLagMs   how far the replica's replay was behind when the call began (null on the primary)
 * @param fallback      why a read-only call ran on the primary (replica down, or lagging), else null
 */
public record ServedBy(String server, Long replayLagMs, String fallback) {
    public static final String PRIMARY = "primary";
    public static final String REPLICA = "replica";

    public static ServedBy primary(String fallback) {
        return new ServedBy(PRIMARY, null, fallback);
    }
}
