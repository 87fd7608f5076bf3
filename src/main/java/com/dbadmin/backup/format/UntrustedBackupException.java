package com.dbadmin.backup.format;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;

import java.util.Locale;
import java.util.Map;

/**
 * A backup that is refused before anything of it runs: its file or manifest is not what this server
 * (or an administrator, through db_trust_backup) signed, or it holds a statement the dumper never
 * writes. Always DB_422_CONSTRAINT, with a stable {@code reason} in the details.
 */
public class UntrustedBackupException extends ToolException {

    /** Why; the ids are part of the API (docs/backup.md lists them). */
    public enum Reason {
        /** The manifest carries no signature (another tool, an older version, or a hand-made file). */
        UNSIGNED,
        /** Signed with a key this server does not have (another server's backup). */
        UNKNOWN_SIGNING_KEY,
        /** The manifest was changed after it was signed. */
        MANIFEST_ALTERED,
        /** The data file's bytes are not the ones that were signed (changed, cut, swapped). */
        FILE_ALTERED,
        /** The file name, type or encryption the manifest states do not fit together. */
        NAME_MISMATCH,
        /** The file's own header names another backup than its manifest. */
        HEADER_MISMATCH,
        /** Unencrypted while an encryption key is configured. */
        UNENCRYPTED,
        /** A statement the dumper never writes (or not in that place). */
        STATEMENT_REFUSED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public UntrustedBackupException(Reason reason, String backup, String message) {
        super(ErrorCode.DB_422_CONSTRAINT, message, Map.of("reason", reason.id(), "backup", backup == null ? "" : backup));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
