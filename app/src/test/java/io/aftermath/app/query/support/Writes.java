package io.aftermath.app.query.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * Writes for read tests: through the command API as {@code admin} (unless another user is named), keeping the highest
 * {@code X-Aftermath-Position} seen so reads can pass it as {@code ?after=}; or, for facts that need
 * a time in the past (SLA breaches), straight through the command gateway.
 */
public final class Writes {

    private final WebTestClient client;
    private final CommandGateway commands;
    private final MongoLedgerStorageEngine engine;
    private long position;

    public Writes(WebTestClient client, CommandGateway commands, MongoLedgerStorageEngine engine) {
        this.client = client;
        this.commands = commands;
        this.engine = engine;
    }

    /** Every write so far sits below this position. */
    public long position() {
        return position;
    }

    public Map<?, ?> post(String path, Map<String, ?> body) {
        return post(TestUsers.ADMIN, path, body);
    }

    public Map<?, ?> post(String user, String path, Map<String, ?> body) {
        EntityExchangeResult<Map> result = client.post().uri(path)
                .headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectHeader().exists("X-Aftermath-Position")
                .expectBody(Map.class).returnResult();
        position = Math.max(position, Long.parseLong(result.getResponseHeaders().getFirst("X-Aftermath-Position")));
        return result.getResponseBody();
    }

    public String release(String service, String version) {
        return release(service, version, null);
    }

    public String release(String service, String version, String hotfixOf) {
        Map<String, Object> body = new HashMap<>(Map.of("service", service, "version", version));
        if (hotfixOf != null) {
            body.put("hotfixOf", hotfixOf);
        }
        return (String) post("/api/releases", body).get("releaseId");
    }

    public String report(String releaseId, String title) {
        return report(TestUsers.ADMIN, releaseId, title);
    }

    public String report(String user, String releaseId, String title) {
        return (String) post(user, "/api/tickets", Map.of("releaseId", releaseId, "title", title,
                "description", "What happened: " + title)).get("ticketId");
    }

    public void prioritise(String ticketId, String severity, String urgency) {
        post("/api/tickets/" + ticketId + "/prioritise", Map.of("severity", severity, "urgency", urgency,
                "reason", "impact assessed"));
    }

    public void assign(String ticketId, String assignee) {
        post("/api/tickets/" + ticketId + "/assign", Map.of("assignee", assignee));
    }

    public void resolve(String ticketId, String resolution, String fixedIn) {
        Map<String, Object> body = new HashMap<>(Map.of("resolution", resolution, "summary", "fixed"));
        if (fixedIn != null) {
            body.put("fixedIn", fixedIn);
        }
        post("/api/tickets/" + ticketId + "/resolve", body);
    }

    /** {@code observedIn} null: reopened without saying where it was seen again. */
    public void reopen(String ticketId, String observedIn) {
        Map<String, Object> body = new HashMap<>(Map.of("reason", "seen again"));
        if (observedIn != null) {
            body.put("observedIn", observedIn);
        }
        post("/api/tickets/" + ticketId + "/reopen", body);
    }

    public void markDuplicate(String ticketId, String canonical) {
        post("/api/tickets/" + ticketId + "/mark-duplicate", Map.of("canonicalTicketId", canonical));
    }

    public void userUpdate(String releaseId, List<String> ticketIds) {
        post("/api/releases/" + releaseId + "/user-updates", Map.of("status", "INVESTIGATING",
                "channel", "status page", "message", "We are looking into it", "ticketIds", ticketIds));
    }

    public String lesson(String releaseId, String title, String whatHappened, List<String> ticketIds,
                         List<String> tags) {
        return (String) post("/api/releases/" + releaseId + "/lessons", Map.of("title", title,
                "whatHappened", whatHappened, "contributingFactors", List.of("no alert on pool usage"),
                "improvements", List.of("alert at 80%"), "ticketIds", ticketIds, "tags", tags)).get("lessonId");
    }

    public String actionItem(String releaseId, String lessonId) {
        return (String) post("/api/releases/" + releaseId + "/action-items", Map.of("title", "Add the alert",
                "owner", "sre", "lessonId", lessonId)).get("actionItemId");
    }

    public void completeActionItem(String releaseId, String actionItemId) {
        post("/api/releases/" + releaseId + "/action-items/" + actionItemId + "/complete", Map.of("note", "done"));
    }

    public void closeRetrospective(String releaseId) {
        post("/api/releases/" + releaseId + "/close-retrospective", Map.of("summary", "learned a lot"));
    }

    /** A command as it would arrive from the edge at {@code at}, e.g. a report from yesterday. */
    public void send(Object command) {
        commands.sendAndWait(command);
        position = Math.max(position, engine.localHead());
    }

    public static Instant ago(java.time.Duration duration) {
        return Instant.now().minus(duration);
    }
}
