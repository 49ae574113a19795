package io.aftermath.shared.release;

import java.util.Comparator;

/**
 * Orders versions segment by segment ({@code 2.10.0} after {@code 2.9.1}): numeric segments by value,
 * others as text; when one version is a prefix of the other, the longer one is later.
 */
public final class Versions {

    public static final Comparator<String> ORDER = Versions::compare;

    private Versions() {
    }

    public static int compare(String left, String right) {
        String[] a = left.split("[.+-]");
        String[] b = right.split("[.+-]");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int segment = compareSegment(a[i], b[i]);
            if (segment != 0) {
                return segment;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    public static boolean isLater(String version, String than) {
        return compare(version, than) > 0;
    }

    private static int compareSegment(String a, String b) {
        if (isNumber(a) && isNumber(b)) {
            // By length first, so segments longer than a long still compare by value.
            String x = stripLeadingZeros(a);
            String y = stripLeadingZeros(b);
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String segment) {
        return !segment.isEmpty() && segment.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String stripLeadingZeros(String number) {
        int i = 0;
        while (i < number.length() - 1 && number.charAt(i) == '0') {
            i++;
        }
        return number.substring(i);
    }
}
