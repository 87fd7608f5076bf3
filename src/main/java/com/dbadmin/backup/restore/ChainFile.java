package com.dbadmin.backup.restore;

import com.dbadmin.backup.format.DumpReader;
import com.dbadmin.backup.format.Manifest;

import java.io.IOException;

/** One backup file of a restore (a full backup, or one link of an incremental chain). */
public interface ChainFile {
    Manifest manifest();

    /** Opens the file (decrypting and decompressing) with its header and table of contents read. */
    DumpReader open() throws IOException;

    /** Reads to the end and checks the stored bytes against the manifest's SHA-256; closes the file. */
    void finish() throws IOException;
}
