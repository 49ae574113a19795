package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

class NodeStopTest {

    @Test
    void the_stop_begins_with_the_close_of_the_nodes_context_not_of_a_child() {
        GenericApplicationContext node = new GenericApplicationContext();
        node.registerBean(NodeStop.class);
        node.refresh();
        NodeStop stop = node.getBean(NodeStop.class);
        GenericApplicationContext child = new GenericApplicationContext(node);
        child.refresh();

        child.close();
        boolean afterChild = stop.begun();
        node.close();

        assertThat(afterChild).isFalse();
        assertThat(stop.begun()).isTrue();
    }

    @Test
    void what_waits_for_the_stop_runs_once_as_it_begins_or_at_once_after() {
        NodeStop stop = new NodeStop();
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        stop.whenBegun(before::incrementAndGet);

        stop.begin();
        stop.whenBegun(after::incrementAndGet);
        stop.begin();

        assertThat(before).hasValue(1);
        assertThat(after).hasValue(1);
    }
}
