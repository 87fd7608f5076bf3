package com.dbadmin.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Extra databases on the shared test server, for tests that need an empty or isolated one. */
public final class Databases {
    private Databases() {
    }

    /** Drops (if needed) and creates an empty database. */
    public static String fresh(String name) {
        TestDatabase.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        TestDatabase.execute("CREATE DATABASE \"" + name + "\"");
        return name;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + TestDatabase.host() + ":" + TestDatabase.port() + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", null);
    }

    public static void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads a fixture with psql (the JDBC driver cannot split scripts with BEGIN ATOMIC function bodies). */
    public static void loadFixture(String database, String fixture) {
        try {
            PgTools.psqlFile(database, java.nio.file.Path.of(Databases.class.getResource("/fixtures/" + fixture).toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long number(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
