package io.aftermath.shared.web.idempotency;

/** What claiming an idempotency key found. */
public sealed interface Claim {

    /** The key is ours: execute the request, then complete or release the claim. */
    record Acquired(IdempotentRequest request) implements Claim {
    }

    /** The same request was answered before. */
    record Completed(StoredResponse response) implements Claim {
    }

    /** The same request is being executed right now, by this or another node. */
    record InProgress() implements Claim {
    }

    /** The key was used for a different request. */
    record Mismatch() implements Claim {
    }
}
