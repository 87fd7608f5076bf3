package com.dbadmin.backup.format;

import java.io.IOException;

/** The file is not a complete, well-formed dump. */
public class DumpFormatException extends IOException {
    public DumpFormatException(String message) {
        super(message);
    }
}
