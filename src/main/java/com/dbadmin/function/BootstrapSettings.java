package com.dbadmin.function;

import com.dbadmin.db.roles.GroupRole;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * db-admin.bootstrap.*: the function roles the bootstrap creates.
 *
 * @param roles DB_ADMIN_BOOTSTRAP_ROLES, JSON: {@code {"query": {"role": "dbadmin_prod_query", "secret": "<ARN>"}, ...}}
 *              keyed by function (query, insert, batch, schema, backup, http, scheduler)
 */
@ConfigurationProperties("db-admin.bootstrap")
record BootstrapSettings(@Nullable String roles) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One function's login role and the secret that holds its password. */
    record RoleSecret(String role, String secret) {
    }

    Map<GroupRole, RoleSecret> parsedRoles() {
        Map<GroupRole, RoleSecret> parsed = new LinkedHashMap<>();
        if (roles == null || roles.isBlank()) {
            return parsed;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(roles);
        } catch (IOException e) {
            throw new IllegalArgumentException("DB_ADMIN_BOOTSTRAP_ROLES is not JSON: " + e.getClass().getSimpleName());
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("DB_ADMIN_BOOTSTRAP_ROLES must be a JSON object keyed by function.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String role = entry.getValue().path("role").asText("");
            String secret = entry.getValue().path("secret").asText("");
            if (role.isBlank() || secret.isBlank()) {
                throw new IllegalArgumentException("DB_ADMIN_BOOTSTRAP_ROLES." + entry.getKey()
                        + " needs \"role\" and \"secret\".");
            }
            parsed.put(GroupRole.of(entry.getKey()), new RoleSecret(role, secret));
        }
        return parsed;
    }
}
