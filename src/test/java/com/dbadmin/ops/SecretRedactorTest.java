package com.dbadmin.ops;

import com.dbadmin.ops.logging.SecretRedactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SecretRedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DATABASE_URL=postgresql://writer:p%40ss@db:5432/app | DATABASE_URL=postgresql://writer:****@db:5432/app",
            "postgres://u:secret@h/db?sslmode=require | postgres://u:****@h/db?sslmode=require",
            "jdbc:postgresql://h/db?user=a&password=xyz&ssl=true | jdbc:postgresql://h/db?user=a&password=****&ssl=true",
            "Authorization: Bearer abc.def-ghi | Authorization: Bearer ****",
            "authorization=Basic dXNlcjpwYXNz | authorization=Basic ****",
            "{\"Authorization\":\"Bearer abc\"} | {\"Authorization\":\"Bearer ****\"}",
            "got token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig_-x here | got token **** here",
            "{\"password\":\"hunter2\",\"user\":\"bob\"} | {\"password\":\"****\",\"user\":\"bob\"}",
            "DB_ADMIN_JWT_SECRET=abcdef | DB_ADMIN_JWT_SECRET=****",
            "aws_secret_access_key = wJalrXUtnFEMI | aws_secret_access_key = ****",
            "api_key: k-123 | api_key: ****"})
    void masksSecrets(String input, String expected) {
        assertEquals(expected, SecretRedactor.redact(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "tool call tool=db_query_records table=public.books outcome=success rowCount=3",
            "FATAL: password authentication failed for user \"writer\"",
            "db_admin_rate_limited_total counts tokens refused",
            "Database: jdbc:postgresql://127.0.0.1:5432/postgres",
            "Bearer ****"})
    void leavesOrdinaryTextAlone(String input) {
        assertSame(input, SecretRedactor.redact(input));
    }
}
