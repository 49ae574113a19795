package io.aftermath.query.projection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The projections whose segment claims this node keeps while their processor stops for a moment: a rebuild's switch
 * stops the live processor while the replay catches up with it, then starts it again. Stopping lets the claims go,
 * and another query node searching for a segment would take it in between (tester 83 saw a segment taken 0.15 s
 * after it was let go), to go on writing the generation the switch has just replaced.
 */
@Component
public class KeptClaims {

    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    public void keep(String processorName) {
        kept.add(processorName);
    }

    public void letGo(String processorName) {
        kept.remove(processorName);
    }

    public boolean keeps(String processorName) {
        return kept.contains(processorName);
    }
}
