package io.aftermath.shared.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Versions.ORDER sorts releases, so it must be a comparator: antisymmetric and transitive, whatever the version. */
class VersionsProperties {

    @Property(tries = 2000)
    void comparing_both_ways_gives_opposite_answers(@ForAll("versions") String a, @ForAll("versions") String b) {
        assertThat(Integer.signum(Versions.compare(a, b))).isEqualTo(-Integer.signum(Versions.compare(b, a)));
    }

    /** A sort only compares neighbours; checking every pair afterwards catches an intransitive order. */
    @Property(tries = 500)
    void a_sorted_list_is_in_order_pair_by_pair(@ForAll("lists") List<String> versions) {
        List<String> sorted = new ArrayList<>(versions);
        sorted.sort(Versions.ORDER);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                assertThat(Versions.compare(sorted.get(i), sorted.get(j)))
                        .as("%s before %s in %s", sorted.get(i), sorted.get(j), sorted).isLessThanOrEqualTo(0);
            }
        }
    }

    @Property(tries = 1000)
    void a_pre_release_comes_before_its_release(@ForAll("releases") String release, @ForAll("identifiers") String pre) {
        assertThat(Versions.isLater(release, release + "-" + pre)).isTrue();
        assertThat(Versions.isLater(release + "-" + pre, release)).isFalse();
    }

    @Property(tries = 1000)
    void build_metadata_does_not_change_precedence(@ForAll("versions") String version,
                                                   @ForAll("identifiers") String build) {
        String withBuild = version.contains("+") ? version + "." + build : version + "+" + build;
        assertThat(Versions.compare(withBuild, version)).isZero();
    }

    /** Anything the version pattern admits, from few enough pieces that equal and near versions are common. */
    @Provide
    Arbitrary<String> versions() {
        Arbitrary<String> piece = Arbitraries.of("0", "1", "2", "9", "10", "01", "a", "b", "rc", "RC", "1a", "x_y");
        Arbitrary<String> separator = Arbitraries.frequency(Tuple.of(3, "."), Tuple.of(1, "-"), Tuple.of(1, "+"),
                Tuple.of(1, ""));
        return piece.list().ofMinSize(1).ofMaxSize(6)
                .flatMap(pieces -> separator.list().ofSize(pieces.size() - 1).map(separators -> join(pieces, separators)));
    }

    @Provide
    Arbitrary<List<String>> lists() {
        return versions().list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> releases() {
        return Arbitraries.of("0", "1", "2", "10", "a", "x_y").list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join(".", parts));
    }

    @Provide
    Arbitrary<String> identifiers() {
        return Arbitraries.of("0", "1", "11", "alpha", "beta", "rc", "x-y").list().ofMinSize(1).ofMaxSize(3)
                .map(parts -> String.join(".", parts));
    }

    private static String join(List<String> pieces, List<String> separators) {
        StringBuilder version = new StringBuilder(pieces.get(0));
        for (int i = 1; i < pieces.size(); i++) {
            version.append(separators.get(i - 1)).append(pieces.get(i));
        }
        return version.toString();
    }
}
