package io.sossstream.storage;

import io.sossstream.error.SossException;

/** The store refused a request for a reason a retry will not cure (credentials, permissions, invalid name). */
public class StorageException extends SossException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return false;
    }
}
