package com.dbadmin.db;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An RDS Proxy endpoint is known by its name alone (no probe needed); any other address is probed. */
class PoolerEndpointTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://dbadmin-prod.proxy-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:5432/dbadmin",
            "jdbc:postgresql://dbadmin-prod.proxy-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/dbadmin?sslmode=verify-full",
            "jdbc:postgresql://reader.endpoint.proxy-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com:5432/app",
            "jdbc:postgresql://DBADMIN.PROXY-C1A2B3C4D5E6.CN-NORTH-1.RDS.AMAZONAWS.COM.CN:5432/app"})
    void rdsProxyEndpointsMeanTransactionPooling(String url) {
        PoolerDecision decision = PoolerProbe.fromEndpoint(url);
        assertEquals(PoolerMode.TRANSACTION, decision.mode());
        assertEquals("detected", decision.basis());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://dbadmin-prod.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:5432/dbadmin",
            "jdbc:postgresql://pgbouncer:6432/dbadmin?prepareThreshold=0",
            "jdbc:postgresql://127.0.0.1:5432/postgres?options=proxy-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com",
            "jdbc:postgresql://my.proxy-host.example.com:5432/db"})
    void otherAddressesAreProbed(String url) {
        assertNull(PoolerProbe.fromEndpoint(url));
    }
}
