package io.aftermath.app.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;

/** Short ways to call the write API as one of the test users. */
public final class Api {

    private final WebTestClient client;

    public Api(WebTestClient client) {
        this.client = client;
    }

    public WebTestClient.ResponseSpec post(String user, String path, Object body) {
        return post(user, path, body, headers -> {
        });
    }

    public WebTestClient.ResponseSpec post(String user, String path, Object body, Consumer<HttpHeaders> headers) {
        WebTestClient.RequestBodySpec request = client.post().uri(path)
                .headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD))
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON);
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }

    /** Raw bytes, exactly as given: for malformed JSON. */
    public WebTestClient.ResponseSpec postRaw(String user, String path, String json) {
        return client.post().uri(path)
                .headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    public String registerRelease(String service, String version) {
        return registerRelease(service, version, null);
    }

    public String registerRelease(String service, String version, String hotfixOf) {
        Map<String, Object> body = new HashMap<>(Map.of("service", service, "version", version));
        if (hotfixOf != null) {
            body.put("hotfixOf", hotfixOf);
        }
        String releaseId = (String) post(TestUsers.RESPONDER, "/api/releases", body)
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("releaseId");
        assertThat(releaseId).isEqualTo(service + "@" + version);
        return releaseId;
    }

    /** A fresh release of a service no other test uses. */
    public String freshRelease() {
        return registerRelease(Ids.service("svc"), "1.0.0");
    }

    public String reportTicket(String releaseId, String title) {
        return reportTicket(TestUsers.REPORTER, releaseId, title);
    }

    public String reportTicket(String user, String releaseId, String title) {
        return (String) post(user, "/api/tickets", Map.of("releaseId", releaseId, "title", title,
                "description", "What happened: " + title))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("ticketId");
    }

    public void prioritise(String ticketId, String severity, String urgency) {
        post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise",
                Map.of("severity", severity, "urgency", urgency, "reason", "impact assessed"))
                .expectStatus().isOk();
    }

    public void resolve(String ticketId, String resolution, String fixedIn) {
        Map<String, Object> body = new HashMap<>(Map.of("resolution", resolution, "summary", "done"));
        if (fixedIn != null) {
            body.put("fixedIn", fixedIn);
        }
        post(TestUsers.RESPONDER, "/api/tickets/" + ticketId + "/resolve", body).expectStatus().isOk();
    }

    public String recordLesson(String releaseId) {
        return (String) post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/lessons", Map.of(
                "title", "Retries amplified the outage", "whatHappened", "A retry storm",
                "contributingFactors", List.of("no jitter"), "improvements", List.of("add jitter"),
                "ticketIds", List.of(), "tags", List.of("retries")))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("lessonId");
    }

    public String addActionItem(String releaseId) {
        return (String) post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items",
                Map.of("title", "Add jitter to retries", "owner", "platform-team"))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("actionItemId");
    }
}
