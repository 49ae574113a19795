package io.aftermath.shared.release;

import java.util.Comparator;

/**
 * Orders versions by Semantic Versioning 2.0.0 precedence, yet tolerates versions that are not strict
 * semver ({@code 2.4}, {@code 2024.05.1}, {@code 2.4.0.1}), since services name their releases as they like.
 * Build metadata (from the first '+') is ignored. What precedes the first '-' is the release, what follows
 * it the pre-release, which comes before its release ({@code 1.0.2-rc1} before {@code 1.0.2}). Both are
 * compared identifier by identifier (split on '.'): numeric identifiers by value, others as ASCII text,
 * numeric before text; when one list is a prefix of the other, the longer one is later.
 */
public final class Versions {

    public static final Comparator<String> ORDER = Versions::compare;

    private Versions() {
    }

    public static int compare(String left, String right) {
        Precedence a = Precedence.of(left);
        Precedence b = Precedence.of(right);
        int release = compareIdentifiers(a.release(), b.release());
        if (release != 0) {
            return release;
        }
        if (a.preRelease() == null || b.preRelease() == null) {
            // Only one (or neither) is a pre-release: that one comes first.
            return Boolean.compare(a.preRelease() == null, b.preRelease() == null);
        }
        return compareIdentifiers(a.preRelease(), b.preRelease());
    }

    public static boolean isLater(String version, String than) {
        return compare(version, than) > 0;
    }

    /** The parts of a version that decide its precedence; {@code preRelease} is null when there is none. */
    private record Precedence(String release, String preRelease) {

        static Precedence of(String version) {
            int plus = version.indexOf('+');
            String withoutBuild = plus < 0 ? version : version.substring(0, plus);
            int dash = withoutBuild.indexOf('-');
            return dash < 0
                    ? new Precedence(withoutBuild, null)
                    : new Precedence(withoutBuild.substring(0, dash), withoutBuild.substring(dash + 1));
        }
    }

    private static int compareIdentifiers(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int identifier = compareIdentifier(a[i], b[i]);
            if (identifier != 0) {
                return identifier;
            }
        }
        return Integer.compare(a.length, b.length);
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
