package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/** Tester 9: a page of another site imported post-mortems with the Basic credentials a browser had cached. */
class CrossSiteWriteFilterTest {

    private final CrossSiteWriteFilter filter = new CrossSiteWriteFilter(List.of("https://Dash.Example.com:443"),
            new ProblemWriter(new ObjectMapper()));

    @Test
    void a_write_from_another_sites_page_is_refused_before_it_reaches_the_api() {
        assertRefused(post().header("Origin", "http://evil.example"));
        assertRefused(post().header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site"));
        assertRefused(post().header("Sec-Fetch-Site", "cross-site"));
        assertRefused(post().header("Sec-Fetch-Site", "same-site").header("Origin", "http://other.localhost:8080"));
        assertRefused(post().header("Origin", "null"));
        assertRefused(MockServerHttpRequest.delete("http://localhost:8080/api/admin/backup")
                .header("Origin", "http://localhost:9999"));
    }

    /** Tester 11: no browser sends these, but each passed, the first value or a loose reading deciding. */
    @Test
    void headers_no_browser_sends_as_they_stand_are_not_read_in_the_writes_favour() {
        assertRefused(post().header("Sec-Fetch-Site", "cross-site").header("Origin", "http://localhost:8080"));
        assertRefused(post().header("Origin", "http://localhost:8080", "http://evil.example"));
        assertRefused(post().header("Sec-Fetch-Site", "same-origin", "cross-site"));
        assertRefused(post().header("Origin", "http://user@localhost:8080"));
        assertRefused(post().header("Origin", "http://localhost:8080/path"));
        assertRefused(post().header("Sec-Fetch-Site", "garbage").header("Origin", "http://evil.example"));
        assertPassed(post().header("Sec-Fetch-Site", "cross-site").header("Origin", "https://dash.example.com"));
        assertRefused(MockServerHttpRequest.post("http://bad_host/api/tickets").header("Origin", "null"));
    }

    /** Before (tester 21): the refusal blamed "a page of another site", not the header given twice. */
    @Test
    void a_refusal_for_a_header_given_twice_names_the_header() {
        assertThat(refusal(post().header("Sec-Fetch-Site", "same-origin", "same-origin")))
                .contains("carrying Sec-Fetch-Site more than once").doesNotContain("a page of another site");
        assertThat(refusal(post().header("Origin", "http://localhost:8080", "http://localhost:8080")))
                .contains("carrying Origin more than once");
        // Before (tester 25): an empty Origin was named as "a page of  is refused".
        assertThat(refusal(post().header("Origin", ""))).contains("a page of another site");
        // Before (tester 24): one line listing both was let through.
        assertThat(refusal(post().header("Sec-Fetch-Site", "cross-site, same-origin")))
                .contains("carrying Sec-Fetch-Site more than once");
    }

    @Test
    void tools_this_nodes_own_pages_and_allowed_origins_write() {
        assertPassed(post());
        assertPassed(post().header("Origin", "http://LOCALHOST:8080"));
        assertPassed(post().header("Sec-Fetch-Site", "same-origin").header("Origin", "https://proxy.example"));
        assertPassed(post().header("Sec-Fetch-Site", "none"));
        assertPassed(post().header("Origin", "https://dash.example.com"));
        assertPassed(MockServerHttpRequest.get("http://localhost:8080/api/triage").header("Origin", "http://evil.example")
                .header("Sec-Fetch-Site", "cross-site"));
    }

    private static MockServerHttpRequest.BaseBuilder<?> post() {
        return MockServerHttpRequest.post("http://localhost:8080/api/postmortems/import");
    }

    private void assertRefused(MockServerHttpRequest.BaseBuilder<?> request) {
        refusal(request);
    }

    private String refusal(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        AtomicBoolean passed = new AtomicBoolean();
        filter.filter(exchange, served -> {
            passed.set(true);
            return Mono.empty();
        }).block();
        assertThat(passed).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        String body = exchange.getResponse().getBodyAsString().block();
        assertThat(body).contains("CROSS_SITE_WRITE", "nothing was written");
        return body;
    }

    private void assertPassed(MockServerHttpRequest.BaseBuilder<?> request) {
        AtomicBoolean passed = new AtomicBoolean();
        filter.filter(MockServerWebExchange.from(request), served -> {
            passed.set(true);
            return Mono.empty();
        }).block();
        assertThat(passed).as(request.toString()).isTrue();
    }
}
