package io.aftermath.query.projection;

/**
 * A read-model document changed between this batch's read and its write: another node processed the
 * same segment (a claim taken over). The batch is rolled back and processed again from its token.
 */
public class ProjectionConflictException extends RuntimeException {

    public ProjectionConflictException(String message) {
        super(message);
    }
}
