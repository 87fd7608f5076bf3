import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * MCP-over-HTTP client for the "Batch and schema" benchmark (run by bench/batch.sh against the packaged
 * server). Plain JSON-RPC over java.net.http, so the numbers include the whole server path: HTTP, MCP,
 * schema validation, the tool, PostgreSQL, and the JSON of the reply.
 *
 * <pre>
 * java -cp target/database-admin-server-1.0.0.jar bench/BatchBench.java http://127.0.0.1:PORT copy-rows.tsv
 * </pre>
 *
 * Writes the 100,000 rows it also loads through the tool to copy-rows.tsv (other ISBNs), so batch.sh can
 * time psql \copy of the same data as the reference. With a third argument {@code no-returned-records}
 * (bench/perf.sh) it runs only the {@code return_records: false} figures and skips db_get_schema.
 */
public class BatchBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    static final String[] STATUSES = {"planning", "drafting", "revising", "published"};
    static final String[] GENRES = {"fantasy", "mystery", "science fiction", "romance", "thriller"};
    static String endpoint;
    static int requestId;

    public static void main(String[] args) throws Exception {
        endpoint = args[0] + "/mcp";
        Path copyFile = Path.of(args[1]);
        boolean[] modes = args.length > 2 && args[2].equals("no-returned-records")
                ? new boolean[]{false} : new boolean[]{true, false};
        rpc("initialize", JSON.readTree("{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"batch-bench\",\"version\":\"1\"}}"));

        System.out.println("== db_batch_insert, 1000 books-like rows per call, over MCP HTTP (3 warm-up calls, then 20 measured)");
        for (boolean returnRecords : modes) {
            for (int i = 0; i < 3; i++) {
                insert("warm" + returnRecords + i, 1000, returnRecords);
            }
            double[] times = new double[20];
            for (int i = 0; i < times.length; i++) {
                long started = System.nanoTime();
                insert("m" + returnRecords + i, 1000, returnRecords);
                times[i] = millis(started);
            }
            report("return_records=" + returnRecords, times);
        }

        System.out.println("== 100,000 rows: 100 sequential db_batch_insert calls of 1000 rows");
        for (int mode = modes.length - 1; mode >= 0; mode--) {
            boolean returnRecords = modes[mode];
            long started = System.nanoTime();
            for (int batch = 0; batch < 100; batch++) {
                insert("bulk" + returnRecords + "-" + batch, 1000, returnRecords);
            }
            double total = millis(started);
            System.out.printf("return_records=%-5s total %8.0f ms  %8.0f rows/s%n", returnRecords, total,
                    100_000 / (total / 1000));
        }
        writeCopyRows(copyFile, 100_000);
        if (modes.length == 1) {
            return;
        }

        System.out.println("== db_get_schema on books (20 calls each, after 3 warm-ups)");
        for (int i = 0; i < 3; i++) {
            call("db_get_schema", JSON.createObjectNode().put("table", "books").put("refresh_cache", true));
        }
        double[] uncached = new double[20];
        double[] cached = new double[20];
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            JsonNode fresh = call("db_get_schema", JSON.createObjectNode().put("table", "books").put("refresh_cache", true));
            uncached[i] = millis(started);
            check(!fresh.get("from_cache").asBoolean(), "refresh_cache answer came from the cache");
            started = System.nanoTime();
            JsonNode again = call("db_get_schema", JSON.createObjectNode().put("table", "books"));
            cached[i] = millis(started);
            check(again.get("from_cache").asBoolean(), "second answer did not come from the cache");
        }
        report("uncached (refresh_cache=true)", uncached);
        report("cached", cached);
    }

    static void insert(String tag, int rows, boolean returnRecords) throws Exception {
        ObjectNode args = JSON.createObjectNode();
        args.put("table", "books");
        args.put("return_records", returnRecords);
        ArrayNode records = args.putArray("records");
        for (int i = 0; i < rows; i++) {
            book(records.addObject(), tag, i);
        }
        JsonNode result = call("db_batch_insert", args);
        check(result.get("inserted_count").asInt() == rows, "inserted " + result);
        check(result.has("records") == returnRecords, "records presence");
    }

    static void book(ObjectNode book, String tag, int n) {
        book.put("author_id", 1 + n % 50);
        book.put("title", "Benchmark book " + tag + " " + n);
        if (n % 3 != 0) {
            book.put("subtitle", "A tale in " + (n % 7 + 1) + " parts");
        }
        book.put("status", STATUSES[n % STATUSES.length]);
        book.put("word_count", 1000 + (n * 37) % 90_000);
        book.put("genre", GENRES[n % GENRES.length]);
        book.putArray("tags").add("epic").add("found family");
        book.put("isbn", "bench-" + RUN + "-" + tag + "-" + n);
        book.put("price", "12.99");
        book.put("published_on", "2024-05-01");
        book.putObject("metadata").put("pov", "first").put("tense", "past");
    }

    /** The same shape of rows as tab-separated text for psql \copy (COPY text format). */
    static void writeCopyRows(Path file, int rows) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int n = 0; n < rows; n++) {
                out.write(String.join("\t", Integer.toString(1 + n % 50), "Copy book " + n,
                        n % 3 != 0 ? "A tale in " + (n % 7 + 1) + " parts" : "\\N", STATUSES[n % STATUSES.length],
                        Integer.toString(1000 + (n * 37) % 90_000), GENRES[n % GENRES.length], "{epic,\"found family\"}",
                        "copy-" + RUN + "-" + n, "12.99", "2024-05-01", "{\"pov\": \"first\", \"tense\": \"past\"}"));
                out.write('\n');
            }
        }
    }

    static JsonNode call(String tool, ObjectNode arguments) throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.put("name", tool);
        params.set("arguments", arguments);
        JsonNode response = rpc("tools/call", params);
        JsonNode result = response.get("result");
        check(result != null && !result.path("isError").asBoolean(false), tool + " failed: " + response);
        return result.get("structuredContent");
    }

    static JsonNode rpc(String method, JsonNode params) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ++requestId);
        request.put("method", method);
        request.set("params", params);
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        check(response.statusCode() == 200, method + " HTTP " + response.statusCode());
        return JSON.readTree(response.body());
    }

    static void report(String label, double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.printf("%-32s median %7.1f ms  p90 %7.1f ms  min %7.1f ms  max %7.1f ms%n", label,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.9) - 1], sorted[0],
                sorted[sorted.length - 1]);
    }

    static double millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e6;
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
