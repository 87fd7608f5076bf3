package com.dbadmin.backup;

import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.backup.store.LocalBackupStore;
import com.dbadmin.backup.store.S3BackupStore;
import com.dbadmin.ops.UserDataFolder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The configured store: S3 when a bucket is set (or BACKUP_STORE=s3), otherwise the BACKUP_DIR folder. */
@Factory
public class BackupStoreFactory {
    private static final Logger LOG = LoggerFactory.getLogger(BackupStoreFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    BackupStore backupStore(BackupSettings settings) {
        if (!settings.usesS3()) {
            return new LocalBackupStore(localFolder(settings.dir()));
        }
        BackupSettings.S3 s3 = settings.s3();
        return new S3BackupStore(s3Client(s3), s3.bucket(), s3.prefix(), s3.sse(), s3.kmsKeyId(),
                s3.partSize());
    }

    public static S3Client s3Client(BackupSettings.S3 s3) {
        // The URL-connection client, as for Secrets Manager: one HTTP implementation in every artifact.
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)));
        String region = blank(s3.region()) ? System.getenv("AWS_REGION") : s3.region();
        builder.region(Region.of(blank(region) ? "us-east-1" : region.trim()));
        boolean endpoint = !blank(s3.endpoint());
        if (endpoint) {
            builder.endpointOverride(URI.create(s3.endpoint().trim()));
        }
        boolean pathStyle = s3.pathStyle() != null ? s3.pathStyle() : endpoint;
        builder.forcePathStyle(pathStyle);
        if (!blank(s3.accessKeyId()) && !blank(s3.secretAccessKey())) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    /**
     * BACKUP_DIR, or {@code backups} in the user data folder (beside the embedded database) when unset, so the
     * default never depends on the working directory. An explicit relative BACKUP_DIR stays relative to the
     * working directory, as it always was. Without a user data folder the default is {@code backups} in the
     * working directory, with a warning.
     */
    public static Path localFolder(String configured) {
        if (!blank(configured)) {
            return Path.of(configured.trim());
        }
        UserDataFolder userFolder = UserDataFolder.current();
        if (userFolder.folder().isPresent()) {
            return userFolder.folder().get().resolve("backups");
        }
        LOG.warn("Backups go to ./backups in the working directory: the user data folder is unknown ({}); set BACKUP_DIR",
                userFolder.unknownBecause());
        return Path.of("backups");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

}
