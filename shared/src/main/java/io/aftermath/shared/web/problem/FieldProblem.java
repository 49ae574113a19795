package io.aftermath.shared.web.problem;

/** One reason a request was refused, named by the JSON path of the field (or header) at fault. */
public record FieldProblem(String field, String message) {
}
