package com.dbadmin.db;

import com.dbadmin.db.named.NamedDatabase;
import com.dbadmin.db.named.NamedDatabases;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * With DB_ADMIN_DATABASES, the server's own context serves the first database named there: its URL, login and
 * pool size replace DATABASE_URL and the rest (the other databases get contexts of their own, com.dbadmin.db.multi).
 */
@Singleton
class FirstNamedDatabase implements BeanCreatedEventListener<DatabaseSettings> {
    private final String databases;

    FirstNamedDatabase(@Value("${" + NamedDatabases.PROPERTY + ":}") String databases) {
        this.databases = databases;
    }

    @Override
    public DatabaseSettings onCreated(BeanCreatedEvent<DatabaseSettings> event) {
        DatabaseSettings settings = event.getBean();
        return NamedDatabases.parse(databases).stream().findFirst().map(first -> applied(first, settings))
                .orElse(settings);
    }

    private static DatabaseSettings applied(NamedDatabase first, DatabaseSettings s) {
        return new DatabaseSettings(first.url(), first.user() != null ? first.user() : s.username(),
                first.password() != null ? first.password() : s.password(),
                first.poolSize() != null ? first.poolSize() : s.poolSize(), s.loadDemo(),
                first.hasOwnLogin() ? first.secretArn() : s.secretArn(), s.pooler(), s.behindPooler(),
                first.directUrl() != null ? first.directUrl() : s.directUrl(),
                first.readReplicaUrl() != null ? first.readReplicaUrl() : s.readReplicaUrl(), s.readReplicaMaxLag());
    }
}
