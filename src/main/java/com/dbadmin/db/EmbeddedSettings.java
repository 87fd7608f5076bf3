package com.dbadmin.db;

import io.micronaut.context.annotation.ConfigurationProperties;

/** db-admin.embedded.*: the local PostgreSQL started when no database is configured. */
@ConfigurationProperties("db-admin.embedded")
class EmbeddedSettings {
    private String dataDir = "data/postgres";
    private int port = 54329;
    private boolean demoData = true;
    private int demoBooks = 20000;

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public boolean isDemoData() {
        return demoData;
    }

    public void setDemoData(boolean demoData) {
        this.demoData = demoData;
    }

    public int getDemoBooks() {
        return demoBooks;
    }

    public void setDemoBooks(int demoBooks) {
        this.demoBooks = demoBooks;
    }
}
