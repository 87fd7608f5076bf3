package com.dbadmin.call;

/** The client cancelled the call while it ran; everything it did is rolled back. */
public class CallCancelledException extends ToolException {
    public CallCancelledException() {
        super(ErrorCode.DB_499_CANCELLED, "The call was cancelled by the client; nothing was changed.");
    }
}
