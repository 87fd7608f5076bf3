package com.dbadmin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar in {@code --stdio} mode driven line by line, for what a client library hides: exact
 * counting of answers by id, malformed lines, end of input. Every stdout line must be a JSON-RPC 2.0 message;
 * any other line is kept in {@link #strayLines()}.
 */
public final class StdioProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final List<String> stray = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    public StdioProcess(String jar, Map<String, String> env) throws IOException {
        this(start(new ProcessBuilder(McpClients.javaBinary(), "-jar", jar, "--stdio"), env,
                ProcessBuilder.Redirect.DISCARD));
    }

    /** Any command that serves MCP on its stdio (another user's process, another working directory, ...). */
    public StdioProcess(ProcessBuilder command, ProcessBuilder.Redirect stderr) throws IOException {
        this(start(command, Map.of(), stderr));
    }

    private static Process start(ProcessBuilder builder, Map<String, String> env, ProcessBuilder.Redirect stderr)
            throws IOException {
        builder.environment().putAll(env);
        builder.redirectError(stderr);
        return builder.start();
    }

    private StdioProcess(Process started) {
        process = started;
        stdin = process.getOutputStream();
        reader = new Thread(this::readStdout, "stdio-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                try {
                    JsonNode message = JSON.readTree(line);
                    if (message != null && "2.0".equals(message.path("jsonrpc").asText())
                            || message != null && message.isArray()) {
                        messages.add(message);
                        continue;
                    }
                } catch (IOException notJson) {
                    // kept below
                }
                stray.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Sends a request, or several lines at once when the caller batches its writes itself. */
    public void sendRaw(byte[] bytes) throws IOException {
        stdin.write(bytes);
        stdin.flush();
    }

    public JsonNode next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Initializes the session with this protocol version and returns the initialize result. */
    public JsonNode initialize(String version) throws IOException, InterruptedException {
        send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw-stdio-test\",\"version\":\"1\"}}}");
        JsonNode answer = next(Duration.ofSeconds(120));
        if (answer == null) {
            throw new IllegalStateException("no initialize answer");
        }
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return answer;
    }

    public void closeInput() throws IOException {
        stdin.close();
    }

    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    public List<String> strayLines() {
        return List.copyOf(stray);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
