package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Reads the schema from the catalogue inside the backup's snapshot transaction and turns it into DDL,
 * with the server's own deparsers ({@code pg_get_*def}, {@code format_type}) doing the hard part; each
 * kind of object has its reader, and they share one {@link CatalogGraph}.
 *
 * <p>Every object's DDL is produced with {@code search_path} set to the object's own schema, so names
 * in that schema come out unqualified (pg_catalog stays implicitly first, so built-ins cannot be
 * shadowed). The dump replays each object under the same search_path; a restore into another schema
 * replays it under that one. Dependencies come from {@code pg_depend}; objects that depend on a table
 * left out by policy (restricted tables, the internal schema), or on something the engine cannot
 * carry, are left out too, so the dump always restores into an empty database.
 */
final class SchemaReader {
    private final Connection connection;
    private final BiPredicate<String, String> tableVisible;
    private final boolean privileges;

    /**
     * @param tableVisible whether policy lets a table (schema, name) into backups
     * @param privileges   whether owners and grants are read (include_privileges)
     */
    SchemaReader(Connection connection, BiPredicate<String, String> tableVisible, boolean privileges) {
        this.connection = connection;
        this.tableVisible = tableVisible;
        this.privileges = privileges;
    }

    /** Reads everything; the connection's search_path is changed (use SET LOCAL semantics: a transaction). */
    ObjectSnapshot read() throws SQLException {
        CatalogGraph graph = new CatalogGraph();
        readServer(graph.snapshot());
        DatabaseReader database = new DatabaseReader(connection, graph, tableVisible);
        TypeReader types = new TypeReader(connection, graph);
        RoutineReader routines = new RoutineReader(connection, graph);
        RelationReader relations = new RelationReader(connection, graph);
        PostDataReader postData = new PostDataReader(connection, graph);

        Map<Long, String> schemas = database.readSchemas();
        database.readExtensions();
        for (Map.Entry<Long, String> schema : schemas.entrySet()) {
            relations.setSearchPath(schema.getValue());
            types.read(schema.getKey(), schema.getValue());
            routines.read(schema.getKey(), schema.getValue());
            relations.read(schema.getKey(), schema.getValue());
        }
        // Columns, constraints, indexes, triggers, rules and policies are read per schema too: they refer
        // to other objects by name, so search_path must again be the owning schema.
        for (Map.Entry<Long, String> schema : schemas.entrySet()) {
            relations.setSearchPath(schema.getValue());
            relations.readColumns(schema.getKey());
            postData.read(schema.getKey());
        }
        relations.finish();
        relations.resetSearchPath();
        database.readDatabaseObjects();
        database.readSecurityLabels();
        new NotCarriedReader(connection, graph).read();
        new DependencyReader(connection, graph).read();
        if (privileges) {
            new PrivilegeReader(connection, graph).read();
        }
        applyPolicy(graph);
        return graph.settle();
    }

    private void readServer(ObjectSnapshot snapshot) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('server_version'), current_database(),"
                     + " current_setting('server_version_num')::int")) {
            rs.next();
            snapshot.serverVersion("PostgreSQL " + rs.getString(1));
            snapshot.database(rs.getString(2));
            snapshot.serverVersionNumber(rs.getInt(3));
        }
    }

    /** Tables policy hides and the server's own schema are left out, with everything that depends on them. */
    private void applyPolicy(CatalogGraph graph) {
        for (DatabaseObject object : graph.all()) {
            if ((object.schema() != null && CatalogReader.isInternalSchema(object.schema()))
                    || ((object.kind() == ObjectKind.TABLE || object.kind() == ObjectKind.FOREIGN_TABLE)
                    && !tableVisible.test(object.schema(), object.name()))) {
                graph.hide(object);
            }
        }
    }

    static boolean isInternalSchema(String schema) {
        return CatalogReader.isInternalSchema(schema);
    }
}
