package com.dbadmin.db;

import com.dbadmin.call.ConnectionKind;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolGuard;
import jakarta.inject.Singleton;

/**
 * Refuses a call that needs a direct connection (backups, restores) when there is none, before its handler
 * starts: never a half-made backup or a restore that stops midway.
 */
@Singleton
class DirectConnectionGuard implements ToolGuard {
    private final DatabaseConnections connections;

    DirectConnectionGuard(DatabaseConnections connections) {
        this.connections = connections;
    }

    @Override
    public void check(ToolCall call) {
        if (call.tool().connection() == ConnectionKind.DIRECT && !connections.directAvailable()) {
            throw connections.directRefusal();
        }
    }
}
