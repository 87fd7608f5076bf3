package com.dbadmin.backup.crypto;

import java.io.IOException;

/** A backup could not be decrypted: wrong or missing key, or the file was altered or cut. */
public class EncryptionException extends IOException {
    public EncryptionException(String message) {
        super(message);
    }
}
