package io.aftermath.shared.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;

/**
 * Tester 64: errors dropped at a stop with the store out of reach were ERRORs with their stacks; tester 65: the
 * refusals of the pools the stop closed were a WARN each.
 */
@ExtendWith(OutputCaptureExtension.class)
class DroppedDecodingErrorsTest {

    @Test
    void a_store_call_cut_off_by_an_outage_or_a_stop_is_no_error(CapturedOutput output) {
        IllegalStateException closed = new IllegalStateException("state should be: open");
        closed.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("com.mongodb.internal.connection.BaseCluster", "selectServer", "BaseCluster.java", 126)});

        DroppedDecodingErrors.log(closed);
        DroppedDecodingErrors.log(new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress()));
        DroppedDecodingErrors.log(new RejectedExecutionException("Scheduler unavailable"));

        assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("WARN");
    }

    @Test
    void any_other_dropped_error_is_an_error(CapturedOutput output) {
        DroppedDecodingErrors.log(new IllegalStateException("a bug"));

        assertThat(output.getAll()).contains("ERROR").contains("Operator called default onErrorDropped");
    }
}
