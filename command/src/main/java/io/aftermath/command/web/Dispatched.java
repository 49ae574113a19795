package io.aftermath.command.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.aftermath.shared.web.Headers;

/**
 * A command that succeeded, with the log position clients may wait for. Every
 * successful write answers with {@value Headers#POSITION}: the first free position of the log once
 * the command's events were durable, so every event the command appended sits below it. A reader
 * that has processed everything before that position sees the write (read-your-writes).
 */
public record Dispatched(long position) {

    public <T> ResponseEntity<T> ok(T body) {
        return ResponseEntity.ok().header(Headers.POSITION, Long.toString(position)).body(body);
    }

    public <T> ResponseEntity<T> created(String location, T body) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(HttpStatus.CREATED)
                .header(Headers.POSITION, Long.toString(position));
        if (location != null) {
            builder.location(URI.create(location));
        }
        return builder.body(body);
    }
}
