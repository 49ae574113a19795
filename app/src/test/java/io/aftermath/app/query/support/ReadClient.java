package io.aftermath.app.query.support;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.support.TestUsers;

/** GETs as a read-only user ({@code auditor}), optionally waiting for a position. */
public final class ReadClient {

    private final WebTestClient client;

    public ReadClient(WebTestClient client) {
        this.client = client;
    }

    public WebTestClient.ResponseSpec get(String path) {
        return get(TestUsers.AUDITOR, path);
    }

    public WebTestClient.ResponseSpec get(String user, String path) {
        return client.get().uri(path)
                .headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD))
                .accept(MediaType.APPLICATION_JSON)
                .exchange();
    }

    /** {@code path} read once the projections have everything before {@code position}. */
    public WebTestClient.ResponseSpec getAfter(String path, long position) {
        return get(path + (path.contains("?") ? "&" : "?") + "after=" + position);
    }
}
