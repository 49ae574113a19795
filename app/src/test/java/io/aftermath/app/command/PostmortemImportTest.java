package io.aftermath.app.command;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.command.support.SettledProjections;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.postmortem.PostmortemRevised;
import io.aftermath.shared.query.PostmortemHits;

/**
 * {@code POST /api/postmortems/import} end to end: each valid entry becomes one PostmortemImported in
 * the log, each bad one an error entry, a second import of the same content appends nothing, and one of
 * changed content one PostmortemRevised.
 */
@AftermathHttpTest
@ExtendWith(OutputCaptureExtension.class)
class PostmortemImportTest {

    private static final String PATH = "/api/postmortems/import";
    private static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown");
    /** What a 415 names to send: every type the import reads, NDJSON included, since it reads it line by line. */
    private static final String TYPES = "application/ndjson, application/x-ndjson, multipart/form-data, text/markdown "
            + "or text/x-markdown";
    private static final Path ICCO = Path.of("/work/shared/data/icco-postmortems");
    private static final Path DANLUU = Path.of("/work/shared/data/danluu-post-mortems.md");
    /** Made-up entries in the shape of Dan Luu's list, shared with the parser's tests. */
    private static final Path LINK_LIST = Path.of("..", "command", "src", "test", "resources", "postmortems",
            "link-list.md");
    /** Well under the 256 KiB body limit, leaving room for the multipart framing. */
    private static final int CHUNK_BYTES = 200_000;

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;

    @AfterEach
    void letTheProjectionsCatchUp() {
        SettledProjections.await(client, ledger);
    }

    @Test
    void a_markdown_post_mortem_is_imported_with_its_front_matter_and_the_callers_metadata() {
        String uuid = UUID.randomUUID().toString();
        long start = ledger.head();

        @SuppressWarnings("unchecked")
        Map<String, Object> report = post(TestUsers.RESPONDER, MARKDOWN, markdown(uuid, "Checkout queue stalled"))
                .expectStatus().isOk()
                .expectHeader().exists("X-Aftermath-Position")
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(report).containsEntry("imported", 1).containsEntry("skipped", 0).containsEntry("errors", List.of());
        List<? extends TrackedEventMessage<?>> events = since(start);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getMetaData()).containsEntry("actor", TestUsers.RESPONDER).containsKey("correlationId");
            assertThat((PostmortemImported) event.getPayload()).satisfies(imported -> {
                assertThat(imported.postmortemId()).matches("pm-[0-9a-f]{20}");
                assertThat(imported.source()).isEqualTo("import");
                assertThat(imported.sourceId()).isEqualTo(uuid);
                assertThat(imported.title()).isEqualTo("Checkout queue stalled");
                assertThat(imported.company()).isEqualTo("Quill");
                assertThat(imported.categories()).containsExactly("queues");
                assertThat(imported.startTime()).hasToString("2021-04-01T08:30:00Z");
                assertThat(imported.body()).isEqualTo("The consumer group stopped rebalancing.");
                assertThat(imported.actor()).isEqualTo(TestUsers.RESPONDER);
            });
        });
    }

    @Test
    void ndjson_imports_the_valid_lines_and_reports_the_invalid_one_by_line_number() {
        String lines = json(UUID.randomUUID(), "First") + "\n"
                + "{\"title\": \"half a line\"\n"
                + json(UUID.randomUUID(), "Third") + "\n";
        LedgerHead head = LedgerHead.remember(ledger);

        post(TestUsers.RESPONDER, MediaType.APPLICATION_NDJSON, lines)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(2)
                .jsonPath("$.skipped").isEqualTo(0)
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].entry").isEqualTo("line 2")
                .jsonPath("$.errors[0].code").isEqualTo("MALFORMED_REQUEST");

        assertThat(head.grownBy()).isEqualTo(2);
    }

    @Test
    void multipart_reads_each_file_by_its_type_or_name_and_reports_a_file_of_neither() {
        MultipartBodyBuilder files = new MultipartBodyBuilder();
        files.part("files", markdown(UUID.randomUUID().toString(), "From a .md file").getBytes())
                .filename("one.md");
        files.part("files", (json(UUID.randomUUID(), "Line one") + "\n" + json(UUID.randomUUID(), "Line two"))
                .getBytes()).filename("many.ndjson");
        files.part("files", markdown(UUID.randomUUID().toString(), "By content type").getBytes())
                .filename("upload").contentType(MARKDOWN);
        files.part("files", "just text".getBytes()).filename("notes.txt");
        LedgerHead head = LedgerHead.remember(ledger);

        upload(files)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(4)
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].entry").isEqualTo("notes.txt")
                .jsonPath("$.errors[0].code").isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        assertThat(head.grownBy()).isEqualTo(4);
    }

    /** Spring's Part reader dropped an empty file that another part followed: it went unanswered (tester 19). */
    @Test
    void an_empty_file_is_reported_wherever_it_stands_in_the_upload() {
        MultipartBodyBuilder files = new MultipartBodyBuilder();
        files.part("files", new byte[0]).filename("first-empty.md");
        files.part("files", markdown(UUID.randomUUID().toString(), "After an empty file").getBytes())
                .filename("one.md");
        files.part("files", new byte[0]).filename("middle-empty.ndjson");
        files.part("files", markdown(UUID.randomUUID().toString(), "Between empty files").getBytes())
                .filename("two.md");
        files.part("files", new byte[0]).filename("last-empty.md");
        LedgerHead head = LedgerHead.remember(ledger);

        upload(files)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(2)
                .jsonPath("$.errors[*].entry").isEqualTo(List.of("first-empty.md", "middle-empty.ndjson",
                        "last-empty.md"))
                .jsonPath("$.errors[0].message").isEqualTo("The document is empty");

        assertThat(head.grownBy()).isEqualTo(2);
    }

    /** Before, a part naming a charset Java does not know failed the whole upload with a 500. */
    @Test
    void a_part_whose_content_type_cannot_be_read_is_415_and_nothing_is_imported() {
        // Written by hand: the test client's own multipart writer cannot carry such a header.
        String body = "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"good.md\"\r\n\r\n"
                + markdown(UUID.randomUUID().toString(), "Readable") + "\r\n--b\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"bad.md\"\r\n"
                + "Content-Type: text/markdown; charset=bogus-x\r\n\r\n"
                + markdown(UUID.randomUUID().toString(), "Bogus charset") + "\r\n--b--\r\n";
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(post(TestUsers.RESPONDER, MediaType.parseMediaType("multipart/form-data; boundary=b"), body),
                415, "UNSUPPORTED_MEDIA_TYPE");

        head.assertUnchanged();
    }

    /** Before, each such upload also logged an error with its stack: anyone allowed to import could fill the log. */
    @Test
    void a_multipart_body_cut_short_is_400_saying_so_and_logs_no_error(CapturedOutput output) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(post(TestUsers.RESPONDER,
                MediaType.parseMediaType("multipart/form-data; boundary=xx"), "--xx\r\n\r\n"), 400, "MALFORMED_REQUEST");

        assertThat(problem.get("detail")).asString().startsWith("The body could not be read: ");
        assertThat(output.getOut() + output.getErr()).doesNotContain("onErrorDropped").doesNotContain(" ERROR ");
        head.assertUnchanged();
    }

    @Test
    void importing_the_same_file_twice_imports_nothing_new() {
        String lines = json(UUID.randomUUID(), "Once") + "\n" + json(UUID.randomUUID(), "Twice") + "\n"
                + "{\"company\":\"Quill\",\"summary\":\"No uuid, no title: named from its content\"}\n";
        post(TestUsers.RESPONDER, MediaType.APPLICATION_NDJSON, lines).expectStatus().isOk()
                .expectBody().jsonPath("$.imported").isEqualTo(3);
        LedgerHead head = LedgerHead.remember(ledger);
        long importedBefore = ledger.head();

        post(TestUsers.ADMIN, MediaType.APPLICATION_NDJSON, lines)
                .expectStatus().isOk()
                .expectHeader().value("X-Aftermath-Position",
                        position -> assertThat(Long.parseLong(position)).isGreaterThanOrEqualTo(importedBefore))
                .expectBody()
                .jsonPath("$.imported").isEqualTo(0)
                .jsonPath("$.skipped").isEqualTo(3)
                .jsonPath("$.errors.length()").isEqualTo(0);

        head.assertUnchanged();
    }

    /** Tester 31: a document corrected since its import was skipped when imported again, the correction lost. */
    @Test
    void a_document_imported_again_with_other_content_is_revised_once_with_or_without_a_key() {
        for (String key : Arrays.asList(null, "revise-" + UUID.randomUUID())) {
            UUID uuid = UUID.randomUUID();
            post(TestUsers.RESPONDER, MediaType.APPLICATION_NDJSON, json(uuid, "First")).expectStatus().isOk()
                    .expectBody().jsonPath("$.imported").isEqualTo(1);
            String corrected = json(uuid, "First").replace("What happened to First", "What really happened");
            long start = ledger.head();
            LedgerHead head = LedgerHead.remember(ledger);

            // Keyed, the request is sent twice: its retry answers what the first run did.
            for (int run = 0; run < (key == null ? 1 : 2); run++) {
                client.post().uri(PATH)
                        .headers(h -> {
                            h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD);
                            if (key != null) {
                                h.set("Idempotency-Key", key);
                            }
                        })
                        .contentType(MediaType.APPLICATION_NDJSON).bodyValue(corrected).exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.imported").isEqualTo(0)
                        .jsonPath("$.revised").isEqualTo(1)
                        .jsonPath("$.skipped").isEqualTo(0);
            }

            assertThat(head.grownBy()).as("key %s", key).isEqualTo(1);
            PostmortemRevised revised = (PostmortemRevised) since(start).get(0).getPayload();
            assertThat(List.of(revised.content().body(), revised.revision(), revised.importedBy(), revised.actor()))
                    .isEqualTo(List.of("What really happened", 1, TestUsers.RESPONDER, TestUsers.ADMIN));
            client.get().uri("/api/postmortems/" + revised.postmortemId() + "?after=" + ledger.head())
                    .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.body").isEqualTo("What really happened")
                    .jsonPath("$.revisions").isEqualTo(1)
                    .jsonPath("$.revisedBy").isEqualTo(TestUsers.ADMIN)
                    .jsonPath("$.actor").isEqualTo(TestUsers.RESPONDER);
            post(TestUsers.RESPONDER, MediaType.APPLICATION_NDJSON, corrected).expectStatus().isOk().expectBody()
                    .jsonPath("$.revised").isEqualTo(0).jsonPath("$.skipped").isEqualTo(1);
            assertThat(head.grownBy()).isEqualTo(1);
        }
    }

    /** Tester 15: an upload of no files was told its body must be a JSON object. */
    @Test
    void a_multipart_upload_without_parts_is_an_empty_body() {
        LedgerHead head = LedgerHead.remember(ledger);

        assertThat(assertProblem(client.post().uri(PATH)
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=XYZ"))
                .bodyValue("--XYZ--\r\n").exchange(), 400, "MALFORMED_REQUEST"))
                .containsEntry("detail", "The body is empty");
        head.assertUnchanged();
    }

    /** Tester 15: with a key, the repeats found the first line's event of the same request and counted as imported. */
    @Test
    void one_post_mortem_on_several_lines_is_imported_once_and_its_repeats_skipped_with_or_without_a_key() {
        for (String key : Arrays.asList(null, "repeats-" + UUID.randomUUID())) {
            UUID uuid = UUID.randomUUID();
            String lines = json(uuid, "First") + "\n" + json(uuid, "First") + "\n" + json(uuid, "Rewritten") + "\n";
            LedgerHead head = LedgerHead.remember(ledger);

            client.post().uri(PATH)
                    .headers(h -> {
                        h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD);
                        if (key != null) {
                            h.set("Idempotency-Key", key);
                        }
                    })
                    .contentType(MediaType.APPLICATION_NDJSON).bodyValue(lines).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.imported").isEqualTo(1)
                    .jsonPath("$.skipped").isEqualTo(2)
                    .jsonPath("$.warnings[0].message").value(warning ->
                            assertThat((String) warning).startsWith("The same post-mortem as line 1"));

            assertThat(head.grownBy()).as("key %s", key).isEqualTo(1);
        }
    }

    @Test
    void a_markdown_link_list_imports_each_entry_once_and_a_second_import_skips_them_all() throws IOException {
        String source = "links-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] list = Files.readAllBytes(LINK_LIST);
        LedgerHead head = LedgerHead.remember(ledger);

        client.post().uri(PATH + "?source=" + source)
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MARKDOWN).bodyValue(list).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(4)
                .jsonPath("$.skipped").isEqualTo(1) // the same link twice is one post-mortem
                .jsonPath("$.errors.length()").isEqualTo(0)
                .jsonPath("$.warnings[0].entry").isEqualTo("document line 13 (Quill)")
                .jsonPath("$.warnings[1].entry").isEqualTo("document line 29 (Quill)");
        assertThat(head.grownBy()).isEqualTo(4);
        LedgerHead imported = LedgerHead.remember(ledger);

        MultipartBodyBuilder file = new MultipartBodyBuilder();
        file.part("files", list).filename("outages.md");
        String position = client.post().uri(PATH + "?source=" + source)
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(file.build())).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(0)
                .jsonPath("$.skipped").isEqualTo(5)
                .jsonPath("$.errors.length()").isEqualTo(0)
                .returnResult().getResponseHeaders().getFirst("X-Aftermath-Position");
        imported.assertUnchanged();

        PostmortemHits hits = new ReadClient(client)
                .getAfter("/api/postmortems?q=gyroscopic", Long.parseLong(position))
                .expectStatus().isOk()
                .expectBody(PostmortemHits.class).returnResult().getResponseBody();
        assertThat(hits.hits()).filteredOn(hit -> "https://gyre.example/pm/ups".equals(hit.url())).isNotEmpty()
                .allSatisfy(hit -> {
                    assertThat(hit.company()).isEqualTo("Gyre Storage");
                    assertThat(hit.title()).startsWith("Gyre Storage: A failed UPS transfer switch");
                    assertThat(hit.tags()).contains("Hardware/Power Failures");
                });
    }

    @Test
    void a_derived_title_is_announced_as_a_warning() {
        String document = "---\nuuid: " + UUID.randomUUID() + "\ncompany: Quill\nproduct: \"\"\n---\n\n"
                + "A bad config took the editor down.\n";

        post(TestUsers.RESPONDER, MARKDOWN, document)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(1)
                .jsonPath("$.warnings[0].entry").isEqualTo("document")
                .jsonPath("$.warnings[0].message").value(message -> assertThat((String) message)
                        .contains("Quill: A bad config took the editor down"));
    }

    @Test
    void an_invalid_document_is_an_error_entry_not_a_failed_request() {
        LedgerHead head = LedgerHead.remember(ledger);

        post(TestUsers.RESPONDER, MARKDOWN, "---\ntitle: [broken\n---\nbody\n")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(0)
                .jsonPath("$.errors[0].entry").isEqualTo("document")
                .jsonPath("$.errors[0].code").isEqualTo("MALFORMED_REQUEST");

        head.assertUnchanged();
    }

    /** Read with U+FFFD in place of the ü, then imported a second time once the charset was named. */
    @Test
    void latin_1_without_a_charset_is_refused_and_is_one_post_mortem_with_it_in_the_body_or_in_a_part() {
        String title = "Z\u00fcrich is down " + UUID.randomUUID();
        byte[] latin1 = ("---\ntitle: " + title + "\ncompany: Quill\n---\nThe body.\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        MediaType declared = MediaType.parseMediaType("text/markdown; charset=ISO-8859-1");
        MultipartBodyBuilder file = new MultipartBodyBuilder();
        file.part("files", latin1).filename("zurich.md").contentType(declared);
        LedgerHead head = LedgerHead.remember(ledger);
        long start = ledger.head();

        post(TestUsers.RESPONDER, MARKDOWN, latin1)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(0)
                .jsonPath("$.errors[0].code").isEqualTo("POSTMORTEM_INVALID")
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message)
                        .contains("Not valid UTF-8 at byte 12").contains("charset="));
        head.assertUnchanged();
        post(TestUsers.RESPONDER, declared, latin1).expectStatus().isOk()
                .expectBody().jsonPath("$.imported").isEqualTo(1);
        upload(file).expectStatus().isOk()
                .expectBody().jsonPath("$.imported").isEqualTo(0).jsonPath("$.skipped").isEqualTo(1);

        assertThat(since(start)).singleElement().satisfies(event ->
                assertThat(((PostmortemImported) event.getPayload()).title()).isEqualTo(title));
    }

    @Test
    void control_characters_are_removed_from_an_imported_entry_with_a_warning() {
        String line = "{\"uuid\":\"" + UUID.randomUUID() + "\",\"title\":\"Bell\\u0007 and null\\u0000\","
                + "\"body\":\"b\"}";
        long start = ledger.head();

        post(TestUsers.RESPONDER, MediaType.APPLICATION_NDJSON, line)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.imported").isEqualTo(1)
                .jsonPath("$.warnings[0].entry").isEqualTo("line 1")
                .jsonPath("$.warnings[0].message").isEqualTo("The text was cleaned: removed 2 control characters");

        assertThat(since(start)).singleElement().satisfies(event ->
                assertThat(((PostmortemImported) event.getPayload()).title()).isEqualTo("Bell and null"));
    }

    @Test
    void another_content_type_is_415() {
        assertThat(assertProblem(post(TestUsers.RESPONDER, MediaType.APPLICATION_JSON, "{\"title\":\"x\"}"), 415,
                "UNSUPPORTED_MEDIA_TYPE")).containsEntry("detail", "Content type 'application/json' is not supported "
                + "here; send " + TYPES);
    }

    /** Both text handlers accept an empty body, so Spring could not choose between them: a 500 before. */
    @Test
    void an_empty_body_is_refused_whatever_its_content_type() {
        LedgerHead head = LedgerHead.remember(ledger);

        // The detail named the handler method, signature and all ("No request body for: Mono<…> …importMarkdown(…)").
        for (MediaType type : List.of(MARKDOWN, MediaType.APPLICATION_NDJSON)) {
            assertThat(assertProblem(client.post().uri(PATH)
                    .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                    .contentType(type).exchange(), 400, "MALFORMED_REQUEST")).as("%s", type)
                    .containsEntry("detail", "The body is empty");
        }
        // Spring's detail was "Content type '' not supported".
        assertThat(assertProblem(client.post().uri(PATH)
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD)).exchange(), 415,
                "UNSUPPORTED_MEDIA_TYPE")).containsEntry("detail", "No Content-Type was sent; send " + TYPES);

        head.assertUnchanged();
    }

    @Test
    void a_body_over_the_limit_is_413_naming_the_limit() {
        String huge = markdown(UUID.randomUUID().toString(), "Huge") + "x".repeat(300 * 1024);

        assertThat(assertProblem(post(TestUsers.RESPONDER, MARKDOWN, huge), 413, "PAYLOAD_TOO_LARGE"))
                .containsEntry("detail", "The request body is larger than 262144 bytes");
    }

    /**
     * Tester 9: a form posted by another site's page, which a browser sends without a preflight and with the
     * Basic credentials it cached, imported a post-mortem.
     */
    @Test
    void a_form_posted_by_another_sites_page_imports_nothing() {
        MultipartBodyBuilder files = new MultipartBodyBuilder();
        files.part("file", markdown(UUID.randomUUID().toString(), "Planted").getBytes()).filename("csrf.md");
        LedgerHead head = LedgerHead.remember(ledger);

        client.post().uri(PATH)
                .headers(h -> {
                    h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD);
                    h.setOrigin("http://evil.example");
                    h.set("Sec-Fetch-Site", "cross-site");
                })
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(files.build()))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("CROSS_SITE_WRITE")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("http://evil.example"));

        assertThat(head.grownBy()).isZero();
    }

    @Test
    void reporters_and_auditors_may_not_import() {
        String document = markdown(UUID.randomUUID().toString(), "Not allowed");

        assertProblem(post(TestUsers.REPORTER, MARKDOWN, document), 403, "FORBIDDEN");
        assertProblem(post(TestUsers.AUDITOR, MARKDOWN, document), 403, "FORBIDDEN");
    }

    @Test
    void a_malformed_source_is_400() {
        assertProblem(client.post().uri(PATH + "?source=../etc")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MARKDOWN).bodyValue(markdown("u", "t")).exchange(), 400, "VALIDATION_FAILED");
    }

    /** Tester 75: Spring joined the two with a comma, refused as if one value broke the rule. */
    @Test
    void a_source_given_twice_is_400_saying_so() {
        assertThat(assertProblem(client.post().uri(PATH + "?source=a&source=b")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MARKDOWN).bodyValue(markdown("u", "t")).exchange(), 400, "VALIDATION_FAILED"))
                .containsEntry("detail", "source takes one value but was given 2: give it once");
    }

    /** The public collection of post-mortems, through the endpoint, in multipart chunks under the body limit. */
    @Test
    void the_whole_icco_collection_imports_and_a_second_import_only_skips() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(ICCO), "No " + ICCO + " here: the public data set is not mounted");
        List<Path> files;
        try (Stream<Path> listing = Files.list(ICCO)) {
            files = listing.filter(path -> path.toString().endsWith(".md")).sorted().toList();
        }
        long start = ledger.head();

        Map<String, Object> first = importInChunks(files);
        long appended = ledger.head() - start;
        Map<String, Object> second = importInChunks(files);

        System.out.printf("icco: %d files; first import %s; second import %s%n", files.size(), first, second);
        assertThat((int) first.get("imported") + (int) first.get("skipped") + (int) first.get("errors"))
                .isEqualTo(files.size());
        assertThat((int) first.get("imported")).as("most import").isGreaterThanOrEqualTo(files.size() * 9 / 10);
        assertThat(appended).isEqualTo(((Integer) first.get("imported")).longValue());
        assertThat(since(start)).allSatisfy(event -> assertThat(event.getPayload())
                .isInstanceOfSatisfying(PostmortemImported.class, imported -> assertThat(imported.source())
                        .isEqualTo("icco")));
        assertThat(second).containsEntry("imported", 0)
                .containsEntry("skipped", (int) first.get("imported") + (int) first.get("skipped"));
    }

    /** Dan Luu's list, about 70 KB, fits one request under the 256 KiB body limit. */
    @Test
    void dan_luus_list_imports_one_post_mortem_per_entry_and_a_second_import_only_skips() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(DANLUU),
                "No " + DANLUU + " here: the public data set is not mounted");
        byte[] list = Files.readAllBytes(DANLUU);
        long start = ledger.head();

        Map<String, Object> first = importList(list);
        Map<String, Object> second = importList(list);

        System.out.printf("danluu: %d bytes; first import %s; second import %s%n", list.length, first, second);
        assertThat(first).containsEntry("imported", 190).containsEntry("skipped", 0).containsEntry("errors", List.of());
        assertThat(ledger.head() - start).isEqualTo(190);
        assertThat(second).containsEntry("imported", 0).containsEntry("skipped", 190);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> importList(byte[] list) {
        return client.post().uri(PATH + "?source=danluu")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MARKDOWN).bodyValue(list).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<String, Object> importInChunks(List<Path> files) throws IOException {
        int imported = 0;
        int skipped = 0;
        int errors = 0;
        int warnings = 0;
        List<List<Path>> chunks = chunks(files);
        for (List<Path> chunk : chunks) {
            MultipartBodyBuilder body = new MultipartBodyBuilder();
            for (Path file : chunk) {
                body.part("files", Files.readAllBytes(file)).filename(file.getFileName().toString());
            }
            Map<?, ?> report = client.post().uri(PATH + "?source=icco")
                    .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(BodyInserters.fromMultipartData(body.build()))
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            imported += (int) report.get("imported");
            skipped += (int) report.get("skipped");
            errors += ((List<?>) report.get("errors")).size();
            warnings += ((List<?>) report.get("warnings")).size();
            ((List<?>) report.get("errors")).forEach(error -> System.out.println("icco error: " + error));
        }
        return Map.of("imported", imported, "skipped", skipped, "errors", errors, "warnings", warnings,
                "requests", chunks.size());
    }

    private static List<List<Path>> chunks(List<Path> files) throws IOException {
        List<List<Path>> chunks = new ArrayList<>();
        List<Path> current = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            long size = Files.size(file) + 512;
            if (!current.isEmpty() && bytes + size > CHUNK_BYTES) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(file);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private WebTestClient.ResponseSpec post(String user, MediaType type, Object body) {
        return client.post().uri(PATH)
                .headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD))
                .contentType(type)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec upload(MultipartBodyBuilder files) {
        return client.post().uri(PATH)
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(files.build()))
                .exchange();
    }

    private List<? extends TrackedEventMessage<?>> since(long start) {
        return ledger.readEvents(start == 0 ? null : new GlobalSequenceTrackingToken(start - 1), false).toList();
    }

    private static String markdown(String uuid, String title) {
        return "---\nuuid: " + uuid + "\ntitle: \"" + title + "\"\ncompany: Quill\nproduct: Queue\n"
                + "categories:\n- queues\nstart_time: 2021-04-01 08:30:00\n---\n\n"
                + "The consumer group stopped rebalancing.\n";
    }

    private static String json(UUID uuid, String title) {
        return "{\"uuid\":\"" + uuid + "\",\"title\":\"" + title + "\",\"company\":\"Quill\","
                + "\"startTime\":\"2021-04-01T08:30:00Z\",\"body\":\"What happened to " + title + "\"}";
    }
}
