package io.aftermath.shared.ticket;

/** WORKS_AS_DESIGNED and DOCUMENTED cover reports that came from a misunderstood feature. */
public enum Resolution {
    FIXED, HOTFIXED, WORKS_AS_DESIGNED, DOCUMENTED, WONT_FIX;

    /** Only a fix ships in a release: the others change nothing that a later sighting could regress. */
    public boolean shipsAFix() {
        return this == FIXED || this == HOTFIXED;
    }
}
