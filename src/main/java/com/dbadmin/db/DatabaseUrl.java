package com.dbadmin.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Accepts the {@code DATABASE_URL} form existing deployments use ({@code postgresql://user:pass@host:port/db?opts})
 * as well as a JDBC URL, and splits out the credentials so they never travel inside a logged URL.
 */
record DatabaseUrl(String jdbcUrl, String username, String password) {

    public static DatabaseUrl parse(String url, String username, String password) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:")) {
            return new DatabaseUrl(trimmed, blankToNull(username), blankToNull(password));
        }
        if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql://");
        }
        URI uri = URI.create(trimmed.replaceFirst("^postgres(ql)?://", "http://"));
        String user = blankToNull(username);
        String pass = blankToNull(password);
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = user != null ? user : decode(parts[0]);
            pass = pass != null ? pass : parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database + query, user, pass);
    }

    /** This URL with {@code other}'s user name where it names none, and its password for the same user. */
    public DatabaseUrl withDefaultCredentials(DatabaseUrl other) {
        String user = username != null ? username : other.username;
        boolean sameUser = user == null ? other.username == null : user.equals(other.username);
        return new DatabaseUrl(jdbcUrl, user, password != null ? password : sameUser ? other.password : null);
    }

    /** Whether the URL sets this pgjdbc option itself. */
    boolean hasOption(String name) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String option : jdbcUrl.substring(query + 1).split("&")) {
            if (option.split("=", 2)[0].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The URL with its options but without {@code user} and {@code password} options: for logins as another
     * role, which pgjdbc would otherwise override with the URL's.
     */
    public String jdbcUrlWithoutCredentials() {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return jdbcUrl;
        }
        String options = java.util.Arrays.stream(jdbcUrl.substring(query + 1).split("&"))
                .filter(option -> {
                    String key = option.split("=", 2)[0].toLowerCase(java.util.Locale.ROOT);
                    return !key.equals("user") && !key.equals("password") && !option.isEmpty();
                })
                .collect(java.util.stream.Collectors.joining("&"));
        return jdbcUrl.substring(0, query) + (options.isEmpty() ? "" : "?" + options);
    }

    /** The URL without credentials or query options, safe for logs and health output. */
    public String redacted() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
