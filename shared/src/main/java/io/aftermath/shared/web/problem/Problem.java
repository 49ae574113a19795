package io.aftermath.shared.web.problem;

import java.util.List;

import io.aftermath.shared.error.ErrorCode;

/** A refusal as the client will see it: status, code, a sentence for people and, for bad input, the fields. */
public record Problem(int status, ErrorCode code, String detail, List<FieldProblem> errors) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(ErrorCode code, String detail) {
        return new Problem(code.status(), code, detail, List.of());
    }
}
