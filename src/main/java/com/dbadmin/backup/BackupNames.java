package com.dbadmin.backup;

import com.dbadmin.backup.format.BackupType;
import com.dbadmin.call.ToolException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names in the backup store. Clients only ever name files (as db_list_backups shows them); a
 * name is checked against these patterns before any store sees it, so nothing a client writes can
 * become a path: separators, "..", absolute paths, control characters and anything else that is not
 * one of our names is DB_400_VALIDATION.
 *
 * <pre>
 * backup-&lt;full|table|incremental&gt;-&lt;yyyyMMdd-HHmmss&gt;[-&lt;table&gt;].sql[.gz][.enc]   data
 * export-&lt;yyyyMMdd-HHmmss&gt;-&lt;table&gt;.&lt;json|csv&gt;[.enc]                         exports
 * &lt;id&gt;.manifest.json                                                            manifests
 * </pre>
 */
public final class BackupNames {
    public static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    public static final String MANIFEST_SUFFIX = ".manifest.json";

    /** Reluctant, so that a file name splits into id and suffix at the first suffix that fits. */
    private static final String TABLE_PART = "[A-Za-z0-9_.]{1,120}?";
    private static final Pattern BACKUP_ID = Pattern.compile(
            "backup-(full|table|incremental)-(\\d{8}-\\d{6})(?:-(" + TABLE_PART + "))?");
    private static final Pattern EXPORT_ID = Pattern.compile("export-(\\d{8}-\\d{6})-(" + TABLE_PART + ")-(json|csv)");
    private static final Pattern BACKUP_FILE = Pattern.compile("(" + BACKUP_ID.pattern() + ")(\\.sql(?:\\.gz)?(?:\\.enc)?|"
            + Pattern.quote(MANIFEST_SUFFIX) + ")?");
    private static final Pattern EXPORT_FILE = Pattern.compile("(" + EXPORT_ID.pattern() + ")(\\.(?:json|csv)(?:\\.enc)?|"
            + Pattern.quote(MANIFEST_SUFFIX) + ")?");
    /** Files operators put in the store for db_import_json / db_import_csv. */
    private static final Pattern IMPORT_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,200}");

    private BackupNames() {
    }

    /** A new backup's id, e.g. backup-table-20250101-020000-public.books. */
    public static String newBackupId(BackupType type, Instant at, String table) {
        String id = "backup-" + type.id() + "-" + STAMP.format(at);
        return table == null ? id : id + "-" + tablePart(table);
    }

    public static String newExportId(Instant at, String table, String format) {
        return "export-" + STAMP.format(at) + "-" + tablePart(table) + "-" + format;
    }

    public static String dataFile(String id, String compression, boolean encrypted) {
        String name = id + ".sql" + ("gzip".equals(compression) ? ".gz" : "");
        return encrypted ? name + ".enc" : name;
    }

    public static String exportFile(String id, String format, boolean encrypted) {
        return id + "." + format + (encrypted ? ".enc" : "");
    }

    public static String manifestFile(String id) {
        return id + MANIFEST_SUFFIX;
    }

    /**
     * The id a client means by {@code name}: a backup or export id, its data file or its manifest.
     *
     * @param argument the argument name, for the error message
     */
    public static String idOf(String name, String argument) {
        checkPlainName(name, argument);
        Matcher backup = BACKUP_FILE.matcher(name);
        if (backup.matches()) {
            return backup.group(1);
        }
        Matcher export = EXPORT_FILE.matcher(name);
        if (export.matches()) {
            return export.group(1);
        }
        throw ToolException.validation("'" + argument + "' must name a backup in the store as db_list_backups shows it"
                + " (for example backup-full-20250101-020000.sql.gz); paths and other names are not accepted.");
    }

    /** Only backup ids (not exports): restore, validate and incremental bases need a backup. */
    public static String backupIdOf(String name, String argument) {
        String id = idOf(name, argument);
        if (!BACKUP_ID.matcher(id).matches()) {
            throw ToolException.validation("'" + argument + "' names an export, not a backup; exports are read by"
                    + " db_import_json / db_import_csv.");
        }
        return id;
    }

    /** A data file an operator put in the store for import, e.g. authors.csv or books.json.gz. */
    public static String importFile(String name, String argument, String... extensions) {
        checkPlainName(name, argument);
        if (!IMPORT_FILE.matcher(name).matches() || name.contains("..")) {
            throw ToolException.validation("'" + argument + "' must be a file name in the backup store (letters, digits,"
                    + " '.', '_' and '-'); paths are not accepted.");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        String bare = lower.endsWith(".enc") ? lower.substring(0, lower.length() - 4) : lower;
        bare = bare.endsWith(".gz") ? bare.substring(0, bare.length() - 3) : bare;
        for (String extension : extensions) {
            if (bare.endsWith("." + extension)) {
                return name;
            }
        }
        throw ToolException.validation("'" + argument + "' must end in ." + String.join(" or .", extensions)
                + " (optionally .gz and/or .enc).");
    }

    /** The export id a data file name belongs to (export-...-json.json[.enc]), or null for other names. */
    public static String exportIdOf(String fileName) {
        Matcher export = EXPORT_FILE.matcher(fileName);
        return export.matches() && export.group(5) != null && !export.group(5).equals(MANIFEST_SUFFIX)
                ? export.group(1) : null;
    }

    public static BackupType typeOf(String id) {
        Matcher backup = BACKUP_ID.matcher(id);
        if (backup.matches()) {
            return BackupType.of(backup.group(1));
        }
        if (EXPORT_ID.matcher(id).matches()) {
            return BackupType.EXPORT;
        }
        throw new IllegalArgumentException(id);
    }

    /** Whether a store entry is a manifest, and of which id. */
    public static String manifestId(String fileName) {
        if (!fileName.endsWith(MANIFEST_SUFFIX)) {
            return null;
        }
        String id = fileName.substring(0, fileName.length() - MANIFEST_SUFFIX.length());
        return BACKUP_ID.matcher(id).matches() || EXPORT_ID.matcher(id).matches() ? id : null;
    }

    /** The id a store entry (data file or manifest) belongs to, or null for other files. */
    public static String ownerId(String fileName) {
        Matcher backup = BACKUP_FILE.matcher(fileName);
        if (backup.matches()) {
            return backup.group(1);
        }
        Matcher export = EXPORT_FILE.matcher(fileName);
        return export.matches() ? export.group(1) : null;
    }

    private static void checkPlainName(String name, String argument) {
        if (name == null || name.isBlank()) {
            throw ToolException.validation("'" + argument + "' is required");
        }
        if (name.length() > 255 || name.contains("/") || name.contains("\\") || name.contains("..")
                || name.startsWith(".") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || name.contains(":")) {
            throw ToolException.validation("'" + argument + "' must be a file name in the backup store, not a path:"
                    + " no '/', '\\\\', '..', drive letters or control characters.");
        }
    }

    private static String tablePart(String qualifiedTable) {
        String part = qualifiedTable.replaceAll("[^A-Za-z0-9_.]", "_").replaceAll("\\.{2,}", "_");
        part = part.length() > 119 ? part.substring(0, 119) : part;
        // Never end like a suffix (x.sql would make backup-...-x.sql ambiguous) or with a dot.
        if (part.matches("(?i).*\\.(sql|gz|enc|json|csv)$") || part.endsWith(".") || part.startsWith(".")) {
            part = part + "_";
        }
        return part;
    }
}
