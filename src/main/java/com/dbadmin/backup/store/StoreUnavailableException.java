package com.dbadmin.backup.store;

import java.io.IOException;

/** The store could not be reached or refused a request (S3 errors, network): usually worth a retry. */
public class StoreUnavailableException extends IOException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
