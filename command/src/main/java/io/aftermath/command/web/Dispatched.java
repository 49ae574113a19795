package io.aftermath.command.web;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.aftermath.shared.web.Headers;

/**
 * A command that succeeded, with the log position clients may wait for. Every
 * successful write answers with {@value Headers#POSITION}: the first free position of the log once
 * the command's events were durable, so every event the command appended sits below it. A reader
 * that has processed everything before that position sees the write (read-your-writes).
 * <p>
 * A write to a ticket or release, its creation included, also answers {@code ETag}: the aggregate's
 * version once the command was handled (the sequence number of its stream's last event), so a client
 * can send its next write with {@code If-Match} without reading again. {@code version} is null where
 * the handler reported none.
 */
public record Dispatched(long position, Long version) {

    public Dispatched(long position) {
        this(position, null);
    }

    public <T> ResponseEntity<T> ok(T body) {
        return headers(ResponseEntity.ok()).body(body);
    }

    public <T> ResponseEntity<T> created(String location, T body) {
        ResponseEntity.BodyBuilder builder = headers(ResponseEntity.status(HttpStatus.CREATED));
        if (location != null) {
            builder.location(URI.create(location));
        }
        return builder.body(body);
    }

    private ResponseEntity.BodyBuilder headers(ResponseEntity.BodyBuilder builder) {
        builder.header(Headers.POSITION, Long.toString(position));
        if (version != null) {
            builder.header(HttpHeaders.ETAG, Headers.etag(version));
        }
        return builder;
    }
}
