package com.dbadmin.db.multi;

import com.dbadmin.function.BackupFunction;
import com.dbadmin.function.GroupFunction;
import com.dbadmin.function.InsertFunction;
import com.dbadmin.function.QueryFunction;
import com.dbadmin.support.Databases;
import com.dbadmin.support.LambdaContexts;
import com.dbadmin.support.MotoServer;
import com.dbadmin.support.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DB_ADMIN_DATABASES in its name=url form, in a context built the way the Lambda handlers build theirs (backups in
 * S3, moto_server): the group functions route by the {@code database} argument, a function's door still refuses
 * other groups' tools there, and each database's backups live under its own prefix.
 */
class SeveralDatabasesLambdaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "several-databases";
    private static ApplicationContext context;
    private static MotoServer s3;

    @BeforeAll
    static void start() {
        s3 = MotoServer.start();
        s3.createBucket(BUCKET);
        for (String database : List.of("lambda_east", "lambda_west")) {
            Databases.fresh(database);
            Databases.execute(database, "CREATE TABLE places (id int PRIMARY KEY, name text)");
        }
        Databases.execute("lambda_east", "INSERT INTO places VALUES (1, 'east')");
        Databases.execute("lambda_west", "INSERT INTO places VALUES (1, 'west')");
        Map<String, Object> properties = new HashMap<>(s3.storeProperties(BUCKET, "prod"));
        properties.put("db-admin.database.load-demo", "false");
        properties.put("db-admin.databases",
                "east=" + Databases.jdbcUrl("lambda_east") + ", west=" + Databases.jdbcUrl("lambda_west"));
        context = LambdaContexts.build(properties);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        s3.close();
    }

    private static JsonNode invoke(GroupFunction function, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new TestLambdaContext("dbadmin-prod-" + function.group().id()));
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void groupFunctionsRouteByTheDatabaseArgument() throws IOException {
        QueryFunction query = new QueryFunction(context);
        assertEquals("east", invoke(query, "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"places\"}}")
                .at("/records/0/name").asText());
        JsonNode west = invoke(query, "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"places\",\"database\":\"west\"}}");
        assertEquals("west", west.at("/records/0/name").asText(), west::toString);
        JsonNode unknown = invoke(query, "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"places\",\"database\":\"north\"}}");
        assertEquals("DB_400_VALIDATION", unknown.at("/error/code").asText(), unknown::toString);
    }

    @Test
    void backupsOfAnotherDatabaseGoUnderItsOwnS3Prefix() throws IOException {
        BackupFunction backup = new BackupFunction(context);
        JsonNode west = invoke(backup, "{\"tool\":\"db_backup_full\",\"arguments\":{\"database\":\"west\"}}");
        String file = west.get("backup").asText();
        assertTrue(invoke(backup, "{\"tool\":\"db_list_backups\",\"arguments\":{\"database\":\"west\"}}")
                .toString().contains(file));
        // Before east has a backup of its own (one taken in the same second would carry the same name).
        assertFalse(invoke(backup, "{\"tool\":\"db_list_backups\",\"arguments\":{}}").toString().contains(file));
        JsonNode east = invoke(backup, "{\"tool\":\"db_backup_full\",\"arguments\":{}}");
        List<String> keys;
        try (S3Client client = s3.client()) {
            keys = client.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
        }
        assertTrue(keys.contains("prod/west/" + file), keys::toString);
        assertTrue(keys.contains("prod/" + east.get("backup").asText()), keys::toString);
    }

    @Test
    void theDoorOfAFunctionStillHoldsOnAnotherDatabase() throws IOException {
        JsonNode refused = invoke(new InsertFunction(context),
                "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"places\",\"database\":\"west\"}}");
        assertEquals("DB_403_ACCESS_DENIED", refused.at("/error/code").asText(), refused::toString);
        JsonNode inserted = invoke(new InsertFunction(context), "{\"tool\":\"db_insert_record\",\"arguments\":"
                + "{\"table\":\"places\",\"data\":{\"id\":2,\"name\":\"more west\"},\"database\":\"west\"}}");
        assertEquals("inserted", inserted.get("action").asText(), inserted::toString);
        assertEquals(1, Databases.number("lambda_west", "SELECT count(*) FROM places WHERE id = 2"));
        assertEquals(0, Databases.number("lambda_east", "SELECT count(*) FROM places WHERE id = 2"));
    }
}
