package com.dbadmin.ops;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version this build was made from (Maven fills in META-INF/database-admin-server/build.properties). */
@Singleton
public class BuildInfo {
    static final String RESOURCE = "/META-INF/database-admin-server/build.properties";

    private final String version;
    private final Properties properties = new Properties();

    public BuildInfo() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.version = properties.getProperty("version", "unknown");
    }

    public String version() {
        return version;
    }

    /** Another build property (versions of bundled web assets), or {@code fallback}. */
    public String property(String name, String fallback) {
        return properties.getProperty(name, fallback);
    }
}
