package io.aftermath.shared.release;

import java.util.Comparator;

/**
 * Orders versions by Semantic Versioning 2.0.0 precedence, yet tolerates versions that are not strict
 * semver ({@code 2.4}, {@code 2024.05.1}, {@code 2.4.0.1}), since services name their releases as they like.
 * Build metadata (from the first '+') is ignored. What precedes the first '-' is the release, what follows
 * it the pre-release, which comes before its release ({@code 1.0.2-rc1} before {@code 1.0.2}). Both are
 * compared identifier by identifier (split on '.'): numeric identifiers by value, others as ASCII text,
 * numeric before text. A release missing identifiers has zeros there ({@code 2.4} is {@code 2.4.0}, as
 * Maven and most package managers read it); of two pre-releases, when one list is a prefix of the other,
 * the longer one is later, as semver says. A leading {@code v} before a digit is a tag's habit, not part
 * of the version: {@code v10.0} is {@code 10.0}, and so later than {@code v9.0}.
 */
public final class Versions {

    public static final Comparator<String> ORDER = Versions::compare;

    private Versions() {
    }

    public static int compare(String left, String right) {
        Precedence a = Precedence.of(left);
        Precedence b = Precedence.of(right);
        int release = compareIdentifiers(a.release(), b.release(), true);
        if (release != 0) {
            return release;
        }
        if (a.preRelease() == null || b.preRelease() == null) {
            // Only one (or neither) is a pre-release: that one comes first.
            return Boolean.compare(a.preRelease() == null, b.preRelease() == null);
        }
        return compareIdentifiers(a.preRelease(), b.preRelease(), false);
    }

    public static boolean isLater(String version, String than) {
        return compare(version, than) > 0;
    }

    /** The parts of a version that decide its precedence; {@code preRelease} is null when there is none. */
    private record Precedence(String release, String preRelease) {

        static Precedence of(String tag) {
            boolean prefixed = tag.length() > 1 && (tag.charAt(0) == 'v' || tag.charAt(0) == 'V')
                    && tag.charAt(1) >= '0' && tag.charAt(1) <= '9';
            String version = prefixed ? tag.substring(1) : tag;
            int plus = version.indexOf('+');
            String withoutBuild = plus < 0 ? version : version.substring(0, plus);
            int dash = withoutBuild.indexOf('-');
            return dash < 0
                    ? new Precedence(withoutBuild, null)
                    : new Precedence(withoutBuild.substring(0, dash), withoutBuild.substring(dash + 1));
        }
    }

    private static int compareIdentifiers(String left, String right, boolean missingIsZero) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        int length = missingIsZero ? Math.max(a.length, b.length) : Math.min(a.length, b.length);
        for (int i = 0; i < length; i++) {
            int identifier = compareIdentifier(i < a.length ? a[i] : "0", i < b.length ? b[i] : "0");
            if (identifier != 0) {
                return identifier;
            }
        }
        return missingIsZero ? 0 : Integer.compare(a.length, b.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean aNumber = isNumber(a);
        boolean bNumber = isNumber(b);
        if (aNumber && bNumber) {
            // By length first, so identifiers longer than a long still compare by value.
            String x = stripLeadingZeros(a);
            String y = stripLeadingZeros(b);
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        if (aNumber != bNumber) {
            return aNumber ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String identifier) {
        return !identifier.isEmpty() && identifier.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String stripLeadingZeros(String number) {
        int i = 0;
        while (i < number.length() - 1 && number.charAt(i) == '0') {
            i++;
        }
        return number.substring(i);
    }
}
