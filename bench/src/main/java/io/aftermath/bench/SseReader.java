package io.aftermath.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * Server-sent events read straight from the connection's bytes. A thousand streams parsed in the
 * process under test make the client part of what is measured: WebClient's decoder, which matches
 * every byte against its delimiters and builds a string per line, took a quarter of the CPU of a
 * fan-out run (JFR). This reader cuts whole events out of each chunk with {@code indexOf}; events are
 * plain ASCII here, so Latin-1 keeps a chunk boundary from splitting a character.
 */
final class SseReader {

    record Event(String name, String data) {
    }

    private final StringBuilder carry = new StringBuilder();

    static Flux<Event> events(HttpClient client, String uri) {
        return Flux.defer(() -> {
            SseReader reader = new SseReader();
            return client.get().uri(uri).responseContent().asString(StandardCharsets.ISO_8859_1)
                    .concatMapIterable(reader::feed);
        });
    }

    /** The events this chunk completes; a partial event waits for the next chunk. */
    List<Event> feed(String chunk) {
        String text;
        if (carry.isEmpty()) {
            text = chunk;
        } else {
            text = carry.append(chunk).toString();
            carry.setLength(0);
        }
        List<Event> events = new ArrayList<>(2);
        int from = 0;
        for (int end = text.indexOf("\n\n", from); end >= 0; end = text.indexOf("\n\n", from)) {
            Event event = parse(text, from, end);
            if (event != null) {
                events.add(event);
            }
            from = end + 2;
        }
        carry.append(text, from, text.length());
        return events;
    }

    /** One event's lines in [from, end): its {@code event:} and {@code data:} fields; null for a comment alone. */
    private static Event parse(String text, int from, int end) {
        String name = "message";
        StringBuilder data = null;
        boolean any = false;
        while (from < end) {
            int lineEnd = text.indexOf('\n', from);
            if (lineEnd < 0 || lineEnd > end) {
                lineEnd = end;
            }
            int colon = text.indexOf(':', from);
            if (colon > from && colon < lineEnd) {
                int valueFrom = text.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
                String field = text.substring(from, colon);
                if (field.equals("event")) {
                    name = text.substring(valueFrom, lineEnd);
                    any = true;
                } else if (field.equals("data")) {
                    if (data == null) {
                        data = new StringBuilder(lineEnd - valueFrom);
                    } else {
                        data.append('\n');
                    }
                    data.append(text, valueFrom, lineEnd);
                    any = true;
                }
            }
            from = lineEnd + 1;
        }
        return any ? new Event(name, data == null ? null : data.toString()) : null;
    }
}
