package io.aftermath.command.precondition;

import java.util.List;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.ApplyMore;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.metadata.MetadataKeys;

/**
 * A write sent with {@code If-Match} names the versions of its aggregate the client read (the sequence
 * number of the stream's last event). It is decided under the aggregate's lock, before any rule of
 * the domain: a mismatch is {@code PRECONDITION_FAILED} and nothing is applied. A writer that loses the
 * append race to one that passed the same check is retried by the edge, reloads, and fails it then, so
 * of two writers holding the same version exactly one wins.
 * <p>
 * The aggregate's version once the command is handled is left in the unit of work for
 * {@link VersionReporting}, which hands it to the edge as the new {@code ETag}; a creation reports it
 * too ({@link #reportCreated}), so the client's first conditional write needs no read.
 */
public final class ExpectedVersions {

    static final String REPORTED = ExpectedVersions.class.getName() + ".reported";

    private ExpectedVersions() {
    }

    /** For an aggregate's {@code @CommandHandlerInterceptor}: checks, handles, reports the new version. */
    public static Object guard(String subject, InterceptorChain chain) throws Exception {
        require(subject, AggregateLifecycle.getVersion());
        Object result = chain.proceed();
        report(AggregateLifecycle.getVersion());
        return result;
    }

    /** Refuses unless the command being handled expects none or {@code current} among its versions. */
    public static void require(String subject, Long current) {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        Object expected = CurrentUnitOfWork.get().getMessage().getMetaData().get(MetadataKeys.EXPECTED_VERSIONS);
        if (expected instanceof List<?> versions && versions.stream()
                .noneMatch(version -> version instanceof Number number && current != null
                        && number.longValue() == current)) {
            throw new DomainRejection(ErrorCode.PRECONDITION_FAILED, subject + " is at version " + current
                    + ", not " + versions.stream().map(String::valueOf).reduce((a, b) -> a + " or " + b).orElse("")
                    + " as If-Match says; read it again (ETag: \"" + current + "\")");
        }
    }

    /**
     * For a creating handler, given what its last {@code apply} returned. A constructor is not intercepted,
     * and inside it the version is still null: Axon applies its events only once the constructor has
     * returned and the aggregate exists, so the version is read after them.
     */
    public static void reportCreated(ApplyMore lastApplied) {
        lastApplied.andThen(() -> report(AggregateLifecycle.getVersion()));
    }

    /** The version the edge answers as {@code ETag}: the last one reported wins. */
    public static void report(Long version) {
        if (version != null && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().resources().put(REPORTED, version);
        }
    }
}
