package io.aftermath.shared.ticket;

/** WORKS_AS_DESIGNED and DOCUMENTED cover reports that came from a misunderstood feature. */
public enum Resolution {
    FIXED, HOTFIXED, WORKS_AS_DESIGNED, DOCUMENTED, WONT_FIX
}
