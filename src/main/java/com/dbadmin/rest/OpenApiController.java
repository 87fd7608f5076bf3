package com.dbadmin.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /openapi.json}: the REST API's OpenAPI 3.1 description ({@link OpenApiDocument}); public, like /docs. */
@Controller
class OpenApiController {
    private final OpenApiDocument document;

    OpenApiController(OpenApiDocument document) {
        this.document = document;
    }

    @Get(uri = OpenApiDocument.PATH, produces = MediaType.APPLICATION_JSON)
    ObjectNode openApi() {
        return document.json();
    }
}
