package io.aftermath.app.demo;

import io.aftermath.command.web.Target;

/**
 * One thing a person did in the story: the command (already carrying its actor and its moment in the
 * story), who did it, and the aggregate it addresses. {@code correlationId} is fixed per step, so a
 * step that reached the log can be recognised there on the next run.
 */
public record DemoStep(String key, String correlationId, String actor, Target target, Object command) {
}
