package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * Tester 64: a store killed during a write stopped appends until a restart ("Ledger write failed unexpectedly
 * (MongoSocketWriteException…)"). A write whose answer was lost is sent again; when the first attempt had been
 * stored, the store refuses the position as taken, and the read that looks into it met the store gone and
 * escaped as a fault. It is a lost answer like the first.
 */
class StoreLostWhileCheckingTest {

    @Test
    void a_store_lost_while_a_taken_position_is_looked_into_is_one_more_lost_answer() {
        FlakyCommits flaky = new FlakyCommits();
        MongoLedgerStorageEngine engine = LedgerTestSupport.engine(flaky.wrap(EmbeddedMongo.freshDatabase()));
        engine.appendEvents(LedgerTestSupport.events("s-1", 0, 1));

        flaky.loseTheNextAnswerThenFailReads(2);
        engine.appendEvents(LedgerTestSupport.events("s-2", 0, 1));
        engine.appendEvents(LedgerTestSupport.events("s-3", 0, 1));

        assertThat(engine.readEvents(null, false).count()).isEqualTo(3);
    }

    /** The commits collection of a store that goes away at the worst moments this test names. */
    private static final class FlakyCommits {

        private final AtomicBoolean loseNextAnswer = new AtomicBoolean();
        private final AtomicInteger readsToFail = new AtomicInteger();
        private volatile int readsAfterLoss;

        void loseTheNextAnswerThenFailReads(int reads) {
            readsAfterLoss = reads;
            loseNextAnswer.set(true);
        }

        MongoDatabase wrap(MongoDatabase database) {
            return proxy(MongoDatabase.class, database, (method, args, result) ->
                    method.getName().equals("getCollection") && LedgerSchema.COMMITS.equals(args[0])
                            ? collection((MongoCollection<?>) result) : result);
        }

        private MongoCollection<?> collection(MongoCollection<?> commits) {
            return proxy(MongoCollection.class, commits, null);
        }

        @SuppressWarnings("unchecked")
        private <T> T proxy(Class<T> type, T target, After after) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (type == MongoCollection.class && method.getName().equals("find")
                        && readsToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    throw new MongoSocketWriteException("Exception sending message", new ServerAddress(),
                            new IOException("the store is gone"));
                }
                Object result;
                try {
                    result = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (type == MongoCollection.class && method.getName().equals("insertMany")
                        && loseNextAnswer.compareAndSet(true, false)) {
                    readsToFail.set(readsAfterLoss);
                    throw new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress());
                }
                if (type == MongoCollection.class && result instanceof MongoCollection<?> derived) {
                    return collection(derived);
                }
                return after == null ? result : after.apply(method, args, result);
            };
            return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
        }

        private interface After {
            Object apply(Method method, Object[] args, Object result);
        }
    }
}
