package com.dbadmin.support;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real AWS API server for the tests (S3, Secrets Manager): a LocalStack container where a Docker engine
 * answers, otherwise moto_server on 127.0.0.1 and a free port, started as a process; stopped by
 * {@link #close()}. {@code DB_ADMIN_TEST_AWS} forces one ({@code moto}, {@code localstack}; {@code auto} by
 * default) and the run says which (see {@link TestPostgres#announce}). The AWS SDK is pointed at it through
 * its own settings (endpoint, region, static credentials). A missing moto_server fails the test with
 * instructions (it is never skipped): .ci/run installs it.
 */
public final class MotoServer implements AutoCloseable {
    public static final String ACCESS_KEY = "testing-access-key";
    public static final String SECRET_KEY = "testing-secret-key";
    private static final String SETTING = "DB_ADMIN_TEST_AWS";
    private static volatile boolean announced;

    private final Process process;
    private final int port;
    private final LocalStackContainer localstack;

    private MotoServer(Process process, int port, LocalStackContainer localstack) {
        this.process = process;
        this.port = port;
        this.localstack = localstack;
    }

    public static MotoServer start() {
        String wanted = TestPostgres.setting(SETTING, "db-admin.test.aws", "auto");
        boolean container = switch (wanted) {
            case "moto" -> false;
            case "localstack" -> {
                if (!TestPostgres.dockerAvailable()) {
                    throw new IllegalStateException(SETTING + "=localstack, but no Docker engine answers.");
                }
                yield true;
            }
            case "auto" -> TestPostgres.dockerAvailable();
            default -> throw new IllegalStateException(SETTING + " must be auto, moto or localstack, not '" + wanted + "'");
        };
        MotoServer server = container ? startLocalStack() : startMoto();
        if (!announced) {
            announced = true;
            TestPostgres.announce("AWS APIs (S3, Secrets Manager): " + (container ? "LocalStack container" : "moto_server")
                    + " (" + (wanted.equals("auto") ? (container ? "a Docker engine answers" : "no Docker engine answers")
                    : SETTING + "=" + wanted) + ")");
        }
        return server;
    }

    private static MotoServer startLocalStack() {
        LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
                .withServices(LocalStackContainer.Service.S3, LocalStackContainer.Service.SECRETSMANAGER);
        localstack.start();
        return new MotoServer(null, -1, localstack);
    }

    private static MotoServer startMoto() {
        String executable = find();
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-", ".log");
            Process process = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer server = new MotoServer(process, port, null);
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server", e);
        }
    }

    private static String find() {
        String path = System.getenv("PATH");
        List<String> candidates = new java.util.ArrayList<>();
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                candidates.add(dir + "/moto_server");
            }
        }
        candidates.add(System.getProperty("user.home") + "/.pyenv/shims/moto_server");
        candidates.add(System.getProperty("user.home") + "/.local/bin/moto_server");
        candidates.add("/usr/local/bin/moto_server");
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        fail("moto_server (the S3-compatible test server) is not installed. Install it with"
                + " `pip install 'moto[server]'` (.ci/run does this) and run the tests again.");
        return null;
    }

    private void awaitReady(Path log) throws IOException {
        try {
            await("moto_server to answer on port " + port).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("moto_server exited", () -> !process.isAlive())
                    .until(this::answers);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            close();
            fail(e.getMessage() + ": " + Files.readString(log));
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL()
                    .openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() > 0;
        } catch (IOException notYet) {
            return false;
        }
    }

    public String endpoint() {
        return localstack != null ? localstack.getEndpoint().toString() : "http://127.0.0.1:" + port;
    }

    /** Static test credentials and region for the AWS SDK's default chains (moto accepts any). */
    public static void useTestCredentials() {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.region", "us-east-1");
    }

    public S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** Server properties for a backup store in {@code bucket}. */
    public Map<String, String> storeProperties(String bucket, String prefix) {
        Map<String, String> properties = new HashMap<>();
        properties.put("db-admin.backup.s3.bucket", bucket);
        properties.put("db-admin.backup.s3.prefix", prefix);
        properties.put("db-admin.backup.s3.endpoint", endpoint());
        properties.put("db-admin.backup.s3.region", "us-east-1");
        properties.put("db-admin.backup.s3.access-key-id", ACCESS_KEY);
        properties.put("db-admin.backup.s3.secret-access-key", SECRET_KEY);
        return properties;
    }

    @Override
    public void close() {
        if (localstack != null) {
            localstack.stop();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
