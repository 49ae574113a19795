package io.aftermath.app.command.support;

import java.util.List;
import java.util.Set;

import io.aftermath.app.support.TestUsers;

/**
 * One write endpoint of the contract: its path (with {ticket}, {release}, {item} placeholders), the
 * roles allowed besides ADMIN, a valid body, and the code of a missing path id.
 */
public record Endpoint(String name, String template, Set<String> allowed, String validBody, String notFound) {

    public static final List<Endpoint> ALL = List.of(
            new Endpoint("register release", "/api/releases", Set.of(TestUsers.RESPONDER),
                    "{\"service\":\"svc\",\"version\":\"1.0.0\"}", null),
            new Endpoint("report ticket", "/api/tickets",
                    Set.of(TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER),
                    "{\"releaseId\":\"{release}\",\"title\":\"t\",\"description\":\"d\"}", null),
            new Endpoint("prioritise", "/api/tickets/{ticket}/prioritise", Set.of(TestUsers.TRIAGER),
                    "{\"severity\":\"S2\",\"urgency\":\"HIGH\",\"reason\":\"r\"}", "TICKET_NOT_FOUND"),
            new Endpoint("assign", "/api/tickets/{ticket}/assign", Set.of(TestUsers.TRIAGER),
                    "{\"assignee\":\"dana\"}", "TICKET_NOT_FOUND"),
            new Endpoint("mark duplicate", "/api/tickets/{ticket}/mark-duplicate", Set.of(TestUsers.TRIAGER),
                    "{\"canonicalTicketId\":\"{other}\"}", "TICKET_NOT_FOUND"),
            new Endpoint("resolve", "/api/tickets/{ticket}/resolve", Set.of(TestUsers.TRIAGER, TestUsers.RESPONDER),
                    "{\"resolution\":\"FIXED\",\"summary\":\"s\"}", "TICKET_NOT_FOUND"),
            new Endpoint("reopen", "/api/tickets/{ticket}/reopen",
                    Set.of(TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER),
                    "{\"reason\":\"again\"}", "TICKET_NOT_FOUND"),
            new Endpoint("user update", "/api/releases/{release}/user-updates", Set.of(TestUsers.RESPONDER),
                    "{\"status\":\"INVESTIGATING\",\"channel\":\"email\",\"message\":\"m\"}", "RELEASE_NOT_FOUND"),
            new Endpoint("lesson", "/api/releases/{release}/lessons", Set.of(TestUsers.RESPONDER),
                    "{\"title\":\"t\",\"whatHappened\":\"w\",\"contributingFactors\":[],\"improvements\":[],"
                            + "\"ticketIds\":[],\"tags\":[]}", "RELEASE_NOT_FOUND"),
            new Endpoint("action item", "/api/releases/{release}/action-items", Set.of(TestUsers.RESPONDER),
                    "{\"title\":\"t\",\"owner\":\"o\"}", "RELEASE_NOT_FOUND"),
            new Endpoint("complete action item", "/api/releases/{release}/action-items/{item}/complete",
                    Set.of(TestUsers.RESPONDER), "{\"note\":\"n\"}", "RELEASE_NOT_FOUND"),
            new Endpoint("close retrospective", "/api/releases/{release}/close-retrospective",
                    Set.of(TestUsers.RESPONDER), "{\"summary\":\"s\"}", "RELEASE_NOT_FOUND"));

    public static List<Endpoint> withPathIds() {
        return ALL.stream().filter(endpoint -> endpoint.notFound() != null).toList();
    }

    public static Endpoint named(String name) {
        return ALL.stream().filter(endpoint -> endpoint.name().equals(name)).findFirst().orElseThrow();
    }

    public String path(String ticketId, String releaseId, String itemId) {
        return template.replace("{ticket}", ticketId).replace("{release}", releaseId).replace("{item}", itemId);
    }

    /** A path whose ids name nothing. */
    public String unknownPath() {
        return path("no-such-ticket", "no-such@0.0.0", "no-such-item");
    }

    public String body(String releaseId, String otherTicketId) {
        return validBody.replace("{release}", releaseId).replace("{other}", otherTicketId);
    }

    @Override
    public String toString() {
        return name;
    }
}
