package io.aftermath.command.postmortem.importing;

import java.util.List;

/**
 * The named values of one entry, whichever format it came in. Several names may be asked for at once
 * ({@code "start_time", "startTime"}): the first that holds a value wins. A value of the wrong shape
 * (a list where text belongs) reads as absent and is noted in {@link #problems()}.
 */
interface Fields {

    /** Trimmed text, or null when absent or blank; numbers and booleans are read as their text. */
    String text(String... names);

    /** Trimmed, non-blank items; a single text value is a list of one. */
    List<String> list(String... names);

    List<String> problems();
}
