package com.dbadmin.db;

import io.micronaut.context.annotation.ConfigurationProperties;

/** db-admin.database.*: where the database is and how the pool is sized. */
@ConfigurationProperties("db-admin.database")
class DatabaseSettings {
    private String url;
    private String username;
    private String password;
    private int poolSize = 10;
    /** Load the demo schema into a configured database too (tests, benchmarks); embedded runs always do. */
    private boolean loadDemo;
    /** Secrets Manager secret (ARN or name) holding {@code username} and {@code password}; overrides the URL's. */
    private String secretArn;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public boolean isLoadDemo() {
        return loadDemo;
    }

    public void setLoadDemo(boolean loadDemo) {
        this.loadDemo = loadDemo;
    }

    public String getSecretArn() {
        return secretArn;
    }

    public void setSecretArn(String secretArn) {
        this.secretArn = secretArn;
    }

    public boolean hasSecret() {
        return secretArn != null && !secretArn.isBlank();
    }

    public boolean isConfigured() {
        return url != null && !url.isBlank();
    }
}
