package io.aftermath.shared.web.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** A client draws a new boundary for every request, so a retried upload never matched the first. */
class CanonicalMultipartTest {

    @Test
    void the_same_parts_with_another_boundary_preamble_and_header_order_are_the_same_request() {
        byte[] first = canonical("AaB03x", "--AaB03x\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"one.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n# One\r\n--AaB03x\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"two.ndjson\"\r\n\r\n{}\r\n"
                + "--AaB03x--\r\n");
        byte[] retry = canonical("\"q1w2e3\"", "preamble\r\n--q1w2e3  \r\n"
                + "content-type: text/markdown\r\n"
                + "Content-Length: 5\r\n"
                + "content-disposition: form-data; filename=\"one.md\"; name=\"files\"\r\n\r\n# One\r\n--q1w2e3\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"two.ndjson\"\r\n\r\n{}\r\n--q1w2e3--");

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void another_name_filename_content_type_content_or_order_is_another_request() {
        String same = canonicalText("b", part("b", "files", "one.md", "text/markdown", "x") + "--b--");

        assertThat(canonicalText("b", part("b", "other", "one.md", "text/markdown", "x") + "--b--")).isNotEqualTo(same);
        assertThat(canonicalText("b", part("b", "files", "two.md", "text/markdown", "x") + "--b--")).isNotEqualTo(same);
        assertThat(canonicalText("b", part("b", "files", "one.md", null, "x") + "--b--")).isNotEqualTo(same);
        assertThat(canonicalText("b", part("b", "files", "one.md", "text/markdown", "y") + "--b--")).isNotEqualTo(same);
        String a = part("b", "files", "a", null, "1");
        String b = part("b", "files", "b", null, "2");
        assertThat(canonicalText("b", a + b + "--b--")).isNotEqualTo(canonicalText("b", b + a + "--b--"));
    }

    @Test
    void a_body_that_does_not_parse_as_multipart_stays_as_sent() {
        String unclosed = "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nno closing delimiter";
        String headless = "--b\r\n\r\ncontent\r\n--b--";

        assertThat(canonicalText("b", unclosed)).isEqualTo(unclosed);
        assertThat(canonicalText("b", headless)).isEqualTo(headless);
        assertThat(canonicalText("other", part("b", "f", null, null, "x") + "--b--"))
                .isEqualTo(part("b", "f", null, null, "x") + "--b--");
    }

    private static String part(String boundary, String name, String filename, String type, String content) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n" + content + "\r\n";
    }

    private static String canonicalText(String boundary, String body) {
        return new String(canonical(boundary, body), StandardCharsets.ISO_8859_1);
    }

    private static byte[] canonical(String boundary, String body) {
        return IdempotencyFilter.canonical(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
