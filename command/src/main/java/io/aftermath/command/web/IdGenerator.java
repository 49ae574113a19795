package io.aftermath.command.web;

import java.util.UUID;

import org.springframework.stereotype.Component;

/** New ids are taken at the edge, never inside a decision, so aggregate tests stay exact. */
@Component
public class IdGenerator {

    public String next() {
        return UUID.randomUUID().toString();
    }
}
