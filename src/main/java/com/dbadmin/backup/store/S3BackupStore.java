package com.dbadmin.backup.store;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Backups in an S3 bucket under a prefix. Large files go up as a multipart upload with one part
 * buffered in memory (so memory stays bounded whatever the size); the object appears only when the
 * upload completes, and a failure aborts the upload so no partial object is ever listed. Server-side
 * encryption (AES256 or aws:kms with a key id) is requested on every object when configured.
 */
public final class S3BackupStore implements BackupStore {
    /** S3 refuses parts below 5 MiB (except the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ServerSideEncryption sse;
    private final String kmsKeyId;
    private final int partSize;

    public S3BackupStore(S3Client s3, String bucket, String prefix, String sse, String kmsKeyId, int partSize) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("BACKUP_S3_BUCKET is required for the S3 backup store");
        }
        this.s3 = s3;
        this.bucket = bucket.trim();
        String p = prefix == null ? "" : prefix.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.sse = sse == null || sse.isBlank() ? null : ServerSideEncryption.fromValue(sse.trim());
        if (this.sse == ServerSideEncryption.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("BACKUP_S3_SSE must be AES256 or aws:kms");
        }
        this.kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId.trim();
        this.partSize = Math.max(MIN_PART_SIZE, partSize);
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public Upload create(String name) throws IOException {
        return new MultipartUpload(key(name));
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        try {
            s3.putObject(put(key(name)), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("write " + name, e);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key(name)).build());
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(name);
        } catch (SdkException e) {
            throw failure("read " + name, e);
        }
    }

    @Override
    public Optional<StoredFile> stat(String name) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key(name)).build());
            return Optional.of(new StoredFile(name, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("inspect " + name, e);
        } catch (SdkException e) {
            throw failure("inspect " + name, e);
        }
    }

    /** The object's server-side encryption as S3 reports it (tests and health). */
    public Optional<String> serverSideEncryption(String name) {
        HeadObjectResponse head = s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key(name)).build());
        return Optional.ofNullable(head.serverSideEncryptionAsString());
    }

    @Override
    public List<StoredFile> list() throws IOException {
        List<StoredFile> files = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                String name = object.key().substring(prefix.length());
                if (name.isEmpty() || name.contains("/")) {
                    continue;
                }
                files.add(new StoredFile(name, object.size(), object.lastModified()));
            }
        } catch (SdkException e) {
            throw failure("list the backups", e);
        }
        return files;
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key(name)).build());
        } catch (SdkException e) {
            throw failure("delete " + name, e);
        }
    }

    @Override
    public Optional<Space> space() {
        return Optional.empty();
    }

    /**
     * Whether the store answers under its prefix. A listing of the prefix rather than HeadBucket: a role scoped to
     * the prefix (s3:ListBucket with an s3:prefix condition, as the Terraform grants) may list it, while HeadBucket
     * carries no prefix and is denied, which would report a working store as unwritable.
     */
    @Override
    public boolean writable() {
        try {
            s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(String name) {
        if (name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("not a file name in the backup store");
        }
        return prefix + name;
    }

    private PutObjectRequest put(String key) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key);
        if (sse != null) {
            put.serverSideEncryption(sse);
            if (kmsKeyId != null) {
                put.ssekmsKeyId(kmsKeyId);
            }
        }
        return put.build();
    }

    private CreateMultipartUploadRequest createMultipart(String key) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
        if (sse != null) {
            create.serverSideEncryption(sse);
            if (kmsKeyId != null) {
                create.ssekmsKeyId(kmsKeyId);
            }
        }
        return create.build();
    }

    /** S3 errors as IOExceptions with the service's code, never the request's credentials. */
    private IOException failure(String action, SdkException e) {
        String detail = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.awsErrorDetails().errorCode() + " (HTTP " + s3e.statusCode() + ")"
                : e.getClass().getSimpleName();
        return new StoreUnavailableException("S3 could not " + action + " in " + location() + ": " + detail, e);
    }

    private final class MultipartUpload implements Upload {
        private final String key;
        private final PartBuffer buffer = new PartBuffer();
        private final List<CompletedPart> parts = new ArrayList<>();
        private String uploadId;
        private boolean done;

        MultipartUpload(String key) {
            this.key = key;
        }

        @Override
        public OutputStream stream() {
            return buffer;
        }

        /** Sends the buffered part once it reaches the part size; called as data arrives. */
        private void sendPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(createMultipart(key)).uploadId();
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(number).contentLength((long) buffer.size()).build(),
                        RequestBody.fromBytes(buffer.takeBytes())).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            } catch (SdkException e) {
                throw failure("upload part of " + key.substring(prefix.length()), e);
            }
        }

        @Override
        public void commit() throws IOException {
            if (done) {
                throw new IllegalStateException("upload already finished");
            }
            try {
                if (uploadId == null) {
                    s3.putObject(put(key), RequestBody.fromBytes(buffer.takeBytes()));
                } else {
                    if (buffer.size() > 0) {
                        sendPart();
                    }
                    s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key)
                            .uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
                }
                done = true;
            } catch (SdkException e) {
                abort();
                throw failure("complete the upload of " + key.substring(prefix.length()), e);
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }

        @Override
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key)
                            .uploadId(uploadId).build());
                } catch (SdkException ignored) {
                    // The bucket's lifecycle rule (abort incomplete multipart uploads) removes it later.
                }
            }
        }

        /** Collects one part; hands it to S3 whenever it is full. */
        private final class PartBuffer extends OutputStream {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.min(partSize, 1 << 20));

            int size() {
                return bytes.size();
            }

            byte[] takeBytes() {
                byte[] taken = bytes.toByteArray();
                bytes.reset();
                return taken;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (done) {
                    throw new IOException("upload already finished");
                }
                while (len > 0) {
                    int n = Math.min(len, partSize - bytes.size());
                    bytes.write(b, off, n);
                    off += n;
                    len -= n;
                    if (bytes.size() >= partSize) {
                        sendPart();
                    }
                }
            }
        }
    }
}
