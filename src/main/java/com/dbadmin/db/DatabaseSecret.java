package com.dbadmin.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

import java.io.IOException;

/**
 * Database credentials kept in AWS Secrets Manager ({@code DB_SECRET_ARN}): the RDS-managed secret, a JSON
 * object with {@code username} and {@code password}. Region, credentials and endpoint come from the AWS SDK's
 * default chains (in Lambda: {@code AWS_REGION} and the function's role; elsewhere also
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}). Only {@link DataSourceFactory} creates one, and only when a secret
 * is configured, so deployments without it never load the SDK.
 */
final class DatabaseSecret implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String secretId;
    private final SecretsManagerClient client;

    public DatabaseSecret(String secretId) {
        this.secretId = secretId;
        // The URLConnection client: no extra threads or native code, the smallest start-up cost in Lambda.
        this.client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Reads the current value; called at start and again when the database rejects the cached password. */
    public Credentials read() {
        String value = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
        JsonNode json;
        try {
            json = value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.path("username").isTextual() || !json.path("password").isTextual()) {
            // Never echo the value: it is a credential.
            throw new IllegalStateException("Secret " + secretId
                    + " must be a JSON object with string fields \"username\" and \"password\"");
        }
        return new Credentials(json.get("username").asText(), json.get("password").asText());
    }

    @Override
    public void close() {
        client.close();
    }

    /** A user name and password; {@link #toString()} never shows the password. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }
}
