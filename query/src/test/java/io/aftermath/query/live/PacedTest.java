package io.aftermath.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

/**
 * A long NDJSON answer is read from its source only while its client takes it: before, the server asked for
 * the next line whenever it handed one to the connection, so a slow auditor's export piled up on the node.
 */
class PacedTest {

    private final Client client = new Client();
    private final List<Integer> received = new CopyOnWriteArrayList<>();
    private int pulled;

    @Test
    void items_are_read_in_batches_only_while_the_client_keeps_up_and_all_arrive_in_order() {
        Flux<Integer> source = Flux.range(0, 100).doOnNext(item -> pulled++);

        Paced.by(client, source).subscribe(item -> {
            received.add(item);
            if (item == 40) {
                client.reading = false;
            }
        });

        assertThat(received).as("the batch asked for before the client fell behind, no more")
                .hasSize(2 * Paced.BATCH);
        assertThat(pulled).isEqualTo(2 * Paced.BATCH);

        client.catchUp();

        assertThat(received).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void nothing_is_read_before_the_client_can_take_it() {
        client.reading = false;
        Paced.by(client, Flux.range(0, 10).doOnNext(item -> pulled++)).subscribe(received::add);

        assertThat(pulled).isZero();
        client.catchUp();
        assertThat(received).hasSize(10);
    }

    private static final class Client implements ClientChannel {
        volatile boolean reading = true;
        private final List<Runnable> resumes = new CopyOnWriteArrayList<>();

        @Override
        public boolean keepsUp() {
            return reading;
        }

        @Override
        public void onCaughtUp(Runnable resume) {
            resumes.add(resume);
        }

        @Override
        public void drop() {
        }

        void catchUp() {
            reading = true;
            resumes.forEach(Runnable::run);
        }
    }
}
