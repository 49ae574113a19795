package io.aftermath.bench;

import java.util.ArrayList;
import java.util.List;

/** Medians of repeated measurements: on a shared machine one slow pass should not move the figure. */
final class Medians {

    private Medians() {
    }

    static double of(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The median of the passes' ratios, each pass's two sides having run back to back. */
    static double ofRatios(List<Double> numerators, List<Double> denominators) {
        List<Double> ratios = new ArrayList<>();
        for (int pass = 0; pass < numerators.size(); pass++) {
            ratios.add(numerators.get(pass) / denominators.get(pass));
        }
        return of(ratios);
    }
}
