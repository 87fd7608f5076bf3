package com.dbadmin.backup;

import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.backup.store.StoredFile;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A real store whose uploads fail after a number of bytes, as a full disk or a dropped S3 connection
 * would make them fail: everything else is the real store's behaviour.
 */
final class FailingStore implements BackupStore {
    private final BackupStore real;
    private final long failAfterBytes;
    private final String message;

    FailingStore(BackupStore real, long failAfterBytes, String message) {
        this.real = real;
        this.failAfterBytes = failAfterBytes;
        this.message = message;
    }

    @Override
    public String location() {
        return real.location();
    }

    @Override
    public Upload create(String name) throws IOException {
        Upload upload = real.create(name);
        OutputStream failing = new FilterOutputStream(upload.stream()) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > failAfterBytes) {
                    throw new IOException(message);
                }
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }
        };
        return new Upload() {
            @Override
            public OutputStream stream() {
                return failing;
            }

            @Override
            public void commit() throws IOException {
                upload.commit();
            }

            @Override
            public void abort() {
                upload.abort();
            }
        };
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        real.write(name, content);
    }

    @Override
    public InputStream open(String name) throws IOException {
        return real.open(name);
    }

    @Override
    public Optional<StoredFile> stat(String name) throws IOException {
        return real.stat(name);
    }

    @Override
    public List<StoredFile> list() throws IOException {
        return real.list();
    }

    @Override
    public void delete(String name) throws IOException {
        real.delete(name);
    }

    @Override
    public Optional<Space> space() {
        return real.space();
    }

    @Override
    public boolean writable() {
        return real.writable();
    }
}
