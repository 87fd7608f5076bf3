package com.dbadmin.backup;

import com.dbadmin.backup.crypto.BackupKey;
import com.dbadmin.backup.crypto.ChunkedGcm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Decrypts an encrypted backup without the server, for restores with plain psql:
 *
 * <pre>
 * DB_ADMIN_BACKUP_ENCRYPTION_KEY=... java -cp database-admin-server.jar com.dbadmin.backup.BackupFileCommand \
 *     decrypt backup-full-20250101-020000.sql.gz.enc - | gunzip | psql -X -v ON_ERROR_STOP=1 -d target
 * </pre>
 * "-" means standard input or output. Exits non-zero, having written nothing trustworthy, when the key
 * is wrong or the file was altered: the output must then be discarded.
 */
public final class BackupFileCommand {
    private BackupFileCommand() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].equals("decrypt")) {
            System.err.println("usage: BackupFileCommand decrypt <encrypted file|-> <output file|->");
            System.err.println("       key from DB_ADMIN_BACKUP_ENCRYPTION_KEY (and DB_ADMIN_BACKUP_PREVIOUS_KEYS)");
            System.exit(2);
        }
        Map<String, BackupKey> keys = new HashMap<>();
        for (String variable : new String[]{"DB_ADMIN_BACKUP_ENCRYPTION_KEY", "DB_ADMIN_BACKUP_PREVIOUS_KEYS"}) {
            String value = System.getenv(variable);
            if (value != null) {
                for (String key : value.split(",")) {
                    if (!key.isBlank()) {
                        BackupKey parsed = BackupKey.parse(key);
                        keys.put(parsed.idHex(), parsed);
                    }
                }
            }
        }
        try (InputStream in = new BufferedInputStream(args[1].equals("-") ? System.in : new FileInputStream(args[1]), 1 << 16);
             OutputStream out = new BufferedOutputStream(args[2].equals("-") ? System.out : new FileOutputStream(args[2]),
                     1 << 16)) {
            ChunkedGcm.decrypt(in, keys).transferTo(out);
        } catch (IOException e) {
            System.err.println("decryption failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
