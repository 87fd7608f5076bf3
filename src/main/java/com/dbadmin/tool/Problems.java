package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.util.Iterator;
import java.util.Map;

/**
 * REST errors as RFC 9457 problem details ({@code application/problem+json}): {@code type} (a URN naming
 * the stable code), {@code title}, {@code status}, {@code detail} (what was wrong and how to fix it) and
 * {@code instance} (the request path), with our stable {@code code}, {@code retryable} and the error's
 * details (violations, constraint, index, ...) as extension members. The body also keeps {@code error}
 * (the object every transport returned before, and MCP and Lambda still do), so REST clients that read it
 * keep working; it is deprecated on REST.
 */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.of(MEDIA_TYPE);
    public static final String TYPE_PREFIX = "urn:database-admin-server:error:";

    private Problems() {
    }

    /** The problem body for a tool error on {@code path}. */
    public static ObjectNode body(ToolException error, int status, String path) {
        ObjectNode legacy = ToolResults.error(error);
        ObjectNode details = (ObjectNode) legacy.get("error");
        ObjectNode problem = legacy.objectNode();
        problem.put("type", TYPE_PREFIX + error.code().name());
        problem.put("title", title(error.code(), status));
        problem.put("status", status);
        problem.put("detail", error.getMessage());
        if (path != null) {
            problem.put("instance", path);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = details.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("message")) {
                problem.set(field.getKey(), field.getValue());
            }
        }
        problem.set("error", details);
        return problem;
    }

    /** Puts a problem for {@code error} on {@code response}, with its status and content type. */
    public static <T> MutableHttpResponse<ObjectNode> apply(MutableHttpResponse<T> response, ToolException error,
                                                            String path) {
        int status = response.code();
        MutableHttpResponse<ObjectNode> problem = response.body(body(error, status, path));
        problem.contentType(PROBLEM_JSON);
        problem.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        return problem;
    }

    /** The stable code a framework refusal of this HTTP status carries. */
    public static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.DB_401_UNAUTHENTICATED;
            case 403 -> ErrorCode.DB_403_ACCESS_DENIED;
            case 404 -> ErrorCode.DB_404_NOT_FOUND;
            case 409 -> ErrorCode.DB_409_CONFLICT;
            case 413 -> ErrorCode.DB_413_TOO_LARGE;
            case 429 -> ErrorCode.DB_429_RATE_LIMITED;
            case 503 -> ErrorCode.DB_503_UNAVAILABLE;
            case 504 -> ErrorCode.DB_504_TIMEOUT;
            default -> status >= 500 ? ErrorCode.DB_500_DATABASE : ErrorCode.DB_400_VALIDATION;
        };
    }

    /** The first line of a framework message, at most 300 characters: no stack or parser dump reaches a client. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String title(ErrorCode code, int status) {
        return switch (code) {
            case DB_400_VALIDATION -> status == 400 ? "Invalid request" : reason(status);
            case DB_401_UNAUTHENTICATED -> "Authentication required";
            case DB_403_ACCESS_DENIED -> "Access denied";
            case DB_404_NOT_FOUND -> "Not found";
            case DB_409_CONFLICT -> "Conflict";
            case DB_413_TOO_LARGE -> "Too large";
            case DB_422_CONSTRAINT -> "Constraint violated";
            case DB_429_RATE_LIMITED -> "Rate limited";
            case DB_499_CANCELLED -> "Cancelled";
            case DB_500_DATABASE -> "Database error";
            case DB_503_UNAVAILABLE -> "Unavailable";
            case DB_504_TIMEOUT -> "Timed out";
        };
    }

    private static String reason(int status) {
        try {
            return HttpStatus.valueOf(status).getReason();
        } catch (IllegalArgumentException e) {
            return "Error";
        }
    }
}
