package io.aftermath.shared.web.idempotency;

import java.util.List;
import java.util.Map;

/** The first answer to an idempotent request, replayed byte for byte to its retries. */
public record StoredResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public StoredResponse {
        headers = Map.copyOf(headers);
    }
}
