package com.dbadmin.db;

import com.dbadmin.call.ConnectionSource;
import com.dbadmin.call.ServedBy;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The connections tool calls run on: the primary pool, and the read replica's when one is configured. */
public final class CallConnections implements ConnectionSource {
    private final DataSource primary;
    private final ReplicaPool replica;

    CallConnections(DataSource primary, ReplicaPool replica) {
        this.primary = primary;
        this.replica = replica;
    }

    @Override
    public Connection primary() throws SQLException {
        return primary.getConnection();
    }

    @Override
    public Served forReading() throws SQLException {
        if (replica == null) {
            return new Served(primary.getConnection(), ServedBy.primary(null));
        }
        ReplicaPool.Borrowed borrowed = replica.borrow();
        if (borrowed.connection() != null) {
            return new Served(borrowed.connection(), new ServedBy(ServedBy.REPLICA, borrowed.lagMs(), null));
        }
        return new Served(primary.getConnection(), ServedBy.primary(borrowed.unavailable()));
    }

    @Override
    public boolean hasReplica() {
        return replica != null;
    }

    public Optional<ReplicaPool> replica() {
        return Optional.ofNullable(replica);
    }
}
