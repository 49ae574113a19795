package io.aftermath.shared.query;

import java.util.List;

/** @param total how many documents matched (hits holds the best {@code limit} after the first {@code offset}) */
public record PostmortemHits(long total, List<PostmortemHit> hits) {
}
