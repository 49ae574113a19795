package io.aftermath.app.demo;

/**
 * What a run of the demo did: steps sent, steps found already done (in the log, or refused as already
 * existing), and whether the whole story was present before the run started.
 */
public record DemoReport(int sent, int skipped, boolean alreadyPresent) {
}
