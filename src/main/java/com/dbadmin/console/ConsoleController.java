package com.dbadmin.console;

import com.dbadmin.ops.BuildInfo;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator console at {@code /} and the API documentation (Swagger UI from its webjar) at
 * {@code /docs}: static files from the jar, named one by one (no path ever reaches the class loader), on the
 * server and in the HTTP Lambda function alike. The pages hold no data: everything they show comes from the
 * API with the signed-in token, under the same authentication, scopes and Host/Origin checks as any client.
 */
@Controller
class ConsoleController {
    static final String CONSOLE = "/console/";
    private static final String SWAGGER_UI = "/META-INF/resources/webjars/swagger-ui/";
    /** Scripts and styles only from this server; the console calls only this server's API. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:;"
            + " style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Map<String, MediaType> CONSOLE_FILES = Map.of(
            "index.html", MediaType.TEXT_HTML_TYPE,
            "console.js", MediaType.of("text/javascript"),
            "console.css", MediaType.of("text/css"),
            "docs.html", MediaType.TEXT_HTML_TYPE,
            "docs.js", MediaType.of("text/javascript"));
    private static final Map<String, MediaType> SWAGGER_FILES = Map.of(
            "swagger-ui-bundle.js", MediaType.of("text/javascript"),
            "swagger-ui.css", MediaType.of("text/css"));

    private final String swaggerUi;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    ConsoleController(BuildInfo build) {
        this.swaggerUi = SWAGGER_UI + build.property("swagger-ui.version", "") + "/";
    }

    @Get(produces = MediaType.TEXT_HTML)
    MutableHttpResponse<byte[]> index() {
        return file(CONSOLE, "index.html", CONSOLE_FILES);
    }

    @Get(uri = "/console/{file}")
    MutableHttpResponse<byte[]> console(@PathVariable String file) {
        return file(CONSOLE, file, CONSOLE_FILES);
    }

    @Get(uri = "/docs", produces = MediaType.TEXT_HTML)
    MutableHttpResponse<byte[]> docs() {
        return file(CONSOLE, "docs.html", CONSOLE_FILES);
    }

    @Get(uri = "/docs/{file}")
    MutableHttpResponse<byte[]> swaggerUi(@PathVariable String file) {
        return file(swaggerUi, file, SWAGGER_FILES);
    }

    private MutableHttpResponse<byte[]> file(String folder, String name, Map<String, MediaType> files) {
        MediaType type = files.get(name);
        if (type == null) {
            return HttpResponse.notFound();
        }
        byte[] content = cache.computeIfAbsent(folder + name, ConsoleController::read);
        return HttpResponse.ok(content).contentType(type)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache");
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleController.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
