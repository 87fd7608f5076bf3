package com.dbadmin.db.roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.IOException;
import java.util.Optional;

/**
 * The Secrets Manager secrets of the function roles, one per role: {@code {"username", "password"}}, the shape
 * the functions ({@code DB_SECRET_ARN}) and RDS Proxy read. The Terraform creates them empty, so no password
 * ever passes through its state; the bootstrap generates each password and writes it here. Region, credentials
 * and endpoint come from the AWS SDK's default chains.
 */
public final class RoleSecrets implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;

    public RoleSecrets() {
        this.client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The password the secret holds for {@code username}, or empty when it holds none yet (or another user's). */
    public Optional<String> password(String secretId, String username) {
        String value;
        try {
            value = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (ResourceNotFoundException noValueYet) {
            return Optional.empty();
        }
        try {
            JsonNode json = value == null ? null : JSON.readTree(value);
            if (json != null && username.equals(json.path("username").asText(null)) && json.path("password").isTextual()) {
                return Optional.of(json.get("password").asText());
            }
        } catch (IOException unreadable) {
            // Not ours (or not JSON): the bootstrap writes a fresh value.
        }
        return Optional.empty();
    }

    public void put(String secretId, String username, String password) {
        ObjectNode value = JSON.createObjectNode().put("username", username).put("password", password);
        client.putSecretValue(b -> b.secretId(secretId).secretString(value.toString()));
    }

    @Override
    public void close() {
        client.close();
    }
}
