import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Measures, at the SQL level and without the server, the ways a batch of books-like rows can reach
 * PostgreSQL, so that BatchInsertStrategy's choice rests on numbers (docs/benchmarks.md records a run).
 *
 * <pre>
 * java -cp target/database-admin-server-1.0.0.jar bench/BatchStrategies.java \
 *      jdbc:postgresql://127.0.0.1:55433/bench postgres 1000 20
 * </pre>
 *
 * The database needs the demo schema's books and authors tables (bench/batch.sh sets that up).
 * Every strategy binds values as text and casts them to the column type, as the server does.
 */
public class BatchStrategies {
    static final String[] COLUMNS = {"author_id", "title", "subtitle", "status", "word_count", "genre", "tags",
            "isbn", "price", "published_on", "metadata"};
    static final String[] TYPES = {"bigint", "text", "text", "book_status", "integer", "text", "text[]", "text",
            "numeric", "date", "jsonb"};

    interface Strategy {
        void run(Connection connection, List<String[]> rows) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args.length > 1 ? args[1] : "postgres";
        int rowsPerBatch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Properties properties = new Properties();
        properties.setProperty("user", user);
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            connection.setAutoCommit(false);
            long authors;
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT min(id) FROM authors")) {
                rs.next();
                authors = rs.getLong(1);
            }
            Object[][] strategies = {
                    {"multi-row VALUES, RETURNING *", (Strategy) (c, r) -> values(c, r, " RETURNING *")},
                    {"multi-row VALUES, no RETURNING", (Strategy) (c, r) -> values(c, r, "")},
                    {"JDBC batch (reWriteBatchedInserts), no RETURNING", (Strategy) BatchStrategies::jdbcBatch},
                    {"unnest(text[]...), RETURNING *", (Strategy) (c, r) -> unnest(c, r, " RETURNING *")},
                    {"unnest(text[]...), RETURNING id", (Strategy) (c, r) -> unnest(c, r, " RETURNING id")},
                    {"unnest(text[]...), no RETURNING", (Strategy) (c, r) -> unnest(c, r, "")},
                    {"COPY FROM STDIN (text format)", (Strategy) BatchStrategies::copy},
            };
            int sequence = 0;
            System.out.printf("rows per batch: %d, repetitions: %d (median, p90 in ms; each batch commits;"
                    + " strategies interleaved so machine noise hits all alike)%n", rowsPerBatch, repetitions);
            // Two warm-up batches each: JIT, prepared-statement caches, buffer pool.
            for (Object[] entry : strategies) {
                for (int i = 0; i < 2; i++) {
                    ((Strategy) entry[1]).run(connection, rows(authors, rowsPerBatch, sequence++));
                    connection.commit();
                }
            }
            double[][] times = new double[strategies.length][repetitions];
            for (int i = 0; i < repetitions; i++) {
                for (int k = 0; k < strategies.length; k++) {
                    int s = (k + i) % strategies.length;
                    List<String[]> rows = rows(authors, rowsPerBatch, sequence++);
                    long started = System.nanoTime();
                    ((Strategy) strategies[s][1]).run(connection, rows);
                    connection.commit();
                    times[s][i] = (System.nanoTime() - started) / 1e6;
                }
            }
            for (int s = 0; s < strategies.length; s++) {
                Arrays.sort(times[s]);
                System.out.printf("%-50s median %7.2f  p90 %7.2f%n", strategies[s][0], times[s][repetitions / 2],
                        times[s][(int) Math.ceil(repetitions * 0.9) - 1]);
            }
        }
    }

    /** Keeps ISBNs unique across runs against the same database. */
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    static List<String[]> rows(long firstAuthor, int count, int batch) {
        List<String[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long n = (long) batch * count + i;
            rows.add(new String[]{
                    Long.toString(firstAuthor + n % 40),
                    "Strategy book " + n,
                    n % 3 == 0 ? null : "A tale, part " + (n % 7),
                    n % 2 == 0 ? "drafting" : "published",
                    Long.toString(1000 + n % 90000),
                    "fantasy",
                    "{\"epic\",\"found family\"}",
                    "strat-" + RUN + "-" + n,
                    "12.99",
                    "2024-05-01",
                    "{\"pov\": \"first\", \"tense\": \"past\"}"});
        }
        return rows;
    }

    static void values(Connection connection, List<String[]> rows, String returning) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO books (").append(String.join(", ", COLUMNS)).append(") VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < COLUMNS.length; c++) {
                sql.append(c == 0 ? "" : ", ").append("CAST(? AS text)::").append(TYPES[c]);
            }
            sql.append(')');
        }
        sql.append(returning);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (String[] row : rows) {
                for (String value : row) {
                    statement.setString(index++, value);
                }
            }
            execute(statement, !returning.isEmpty());
        }
    }

    static void jdbcBatch(Connection connection, List<String[]> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO books (").append(String.join(", ", COLUMNS)).append(") VALUES (");
        for (int c = 0; c < COLUMNS.length; c++) {
            sql.append(c == 0 ? "" : ", ").append("CAST(? AS text)::").append(TYPES[c]);
        }
        sql.append(')');
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (String[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    statement.setString(c + 1, row[c]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    static void unnest(Connection connection, List<String[]> rows, String returning) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO books (").append(String.join(", ", COLUMNS)).append(") SELECT ");
        StringBuilder from = new StringBuilder(" FROM unnest(");
        for (int c = 0; c < COLUMNS.length; c++) {
            sql.append(c == 0 ? "" : ", ").append("CAST(u.c").append(c).append(" AS ").append(TYPES[c]).append(')');
            from.append(c == 0 ? "" : ", ").append("CAST(? AS text[])");
        }
        from.append(") WITH ORDINALITY AS u(");
        for (int c = 0; c < COLUMNS.length; c++) {
            from.append('c').append(c).append(", ");
        }
        from.append("ord) ORDER BY u.ord");
        sql.append(from).append(returning);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int c = 0; c < COLUMNS.length; c++) {
                String[] column = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    column[r] = rows.get(r)[c];
                }
                Array array = connection.createArrayOf("text", column);
                statement.setArray(c + 1, array);
            }
            execute(statement, !returning.isEmpty());
        }
    }

    static void copy(Connection connection, List<String[]> rows) throws SQLException {
        StringBuilder text = new StringBuilder(rows.size() * 160);
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    text.append('\t');
                }
                text.append(row[c] == null ? "\\N" : row[c].replace("\\", "\\\\").replace("\t", "\\t")
                        .replace("\n", "\\n").replace("\r", "\\r"));
            }
            text.append('\n');
        }
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY books (" + String.join(", ", COLUMNS) + ") FROM STDIN");
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
    }

    static void execute(PreparedStatement statement, boolean returning) throws SQLException {
        if (!returning) {
            statement.executeUpdate();
            return;
        }
        try (ResultSet rs = statement.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    rs.getString(c);
                }
            }
        }
    }
}
