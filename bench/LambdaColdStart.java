import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.dbadmin.function.QueryFunction;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Cold start of one Lambda handler from the lambda jar, in this fresh JVM:
 *   java -cp target/database-admin-server-lambda.jar bench/LambdaColdStart.java query|http
 * (bench/lambda-cold-start.sh compiles it first and runs it against a throwaway PostgreSQL).
 * Prints "handler,jvm_to_main_ms,construct_ms,first_invocation_ms,init_to_answer_ms,second_invocation_ms,status".
 * The database comes from DATABASE_URL / DATABASE_USER, as in Lambda (bench/lambda-cold-start.sh sets them).
 */
public class LambdaColdStart {
    public static void main(String[] args) throws Exception {
        long mainStarted = System.nanoTime();
        long jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        String which = args.length > 0 ? args[0] : "query";
        long constructed;
        long first;
        long second;
        String status;
        if (which.equals("http")) {
            long t0 = System.nanoTime();
            APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction();
            constructed = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(mcpCall(), new BenchContext("dbadmin-bench-http"));
            first = System.nanoTime() - t1;
            long t2 = System.nanoTime();
            handler.handleRequest(mcpCall(), new BenchContext("dbadmin-bench-http"));
            second = System.nanoTime() - t2;
            status = response.getStatusCode() == 200 && response.getBody().contains("structuredContent")
                    && !response.getBody().contains("\"isError\":true") ? "ok" : "FAILED " + response.getBody();
        } else {
            long t0 = System.nanoTime();
            QueryFunction handler = new QueryFunction();
            constructed = System.nanoTime() - t0;
            String event = "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"bench_notes\",\"limit\":5}}";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long t1 = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new BenchContext("dbadmin-bench-query"));
            first = System.nanoTime() - t1;
            String answer = out.toString(StandardCharsets.UTF_8);
            out.reset();
            long t2 = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new BenchContext("dbadmin-bench-query"));
            second = System.nanoTime() - t2;
            status = answer.contains("\"records\"") && !answer.contains("\"error\"") ? "ok" : "FAILED " + answer;
        }
        System.out.printf("%s,%d,%d,%d,%d,%d,%s%n", which, jvmToMain, constructed / 1_000_000, first / 1_000_000,
                (constructed + first) / 1_000_000, second / 1_000_000, status);
        System.exit(status.equals("ok") ? 0 : 1);
    }

    /** An API Gateway HTTP API (payload 2.0) event: MCP tools/call through POST /mcp. */
    static APIGatewayV2HTTPEvent mcpCall() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"db_query_records\","
                + "\"arguments\":{\"table\":\"bench_notes\",\"limit\":5}}}";
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("POST /mcp").withRawPath("/mcp").withRawQueryString("")
                .withHeaders(Map.of("content-type", "application/json", "accept", "application/json, text/event-stream",
                        "host", "bench.execute-api.us-east-1.amazonaws.com"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("POST /mcp").withStage("$default").withRequestId(UUID.randomUUID().toString())
                        // What API Gateway's JWT authorizer adds: the function refuses a request without it.
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", "bench", "scope", "db:read",
                                                "iss", "https://issuer.example.com"))
                                        .build())
                                .build())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/mcp")
                                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").withUserAgent("bench").build())
                        .build())
                .withBody(body).withIsBase64Encoded(false).build();
    }

    record BenchContext(String name) implements Context {
        public String getAwsRequestId() { return UUID.randomUUID().toString(); }
        public String getLogGroupName() { return "/aws/lambda/" + name; }
        public String getLogStreamName() { return "bench"; }
        public String getFunctionName() { return name; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:" + name + ":live"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 30_000; }
        public int getMemoryLimitInMB() { return 1024; }
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) { System.err.println(message); }
                public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
