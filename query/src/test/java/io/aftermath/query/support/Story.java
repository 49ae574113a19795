package io.aftermath.query.support;

import static io.aftermath.query.support.Incidents.actionItem;
import static io.aftermath.query.support.Incidents.actionItemDone;
import static io.aftermath.query.support.Incidents.assigned;
import static io.aftermath.query.support.Incidents.attached;
import static io.aftermath.query.support.Incidents.deployed;
import static io.aftermath.query.support.Incidents.hotfix;
import static io.aftermath.query.support.Incidents.hotfixed;
import static io.aftermath.query.support.Incidents.lesson;
import static io.aftermath.query.support.Incidents.markedDuplicate;
import static io.aftermath.query.support.Incidents.prioritised;
import static io.aftermath.query.support.Incidents.regression;
import static io.aftermath.query.support.Incidents.reopened;
import static io.aftermath.query.support.Incidents.reported;
import static io.aftermath.query.support.Incidents.resolved;
import static io.aftermath.query.support.Incidents.retrospectiveClosed;
import static io.aftermath.query.support.Incidents.userUpdate;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

/** One whole incident on checkout@1.0, with a hotfix, a duplicate, a regression and a retrospective. */
public final class Story {

    public static final String RELEASE = "checkout@1.0";
    public static final String HOTFIX = "checkout@1.0.1";

    private Story() {
    }

    public static EventLog checkoutOutage() {
        return new EventLog().append(
                deployed(RELEASE, 0),                                          // 0
                reported("t1", RELEASE, "alice", 10),                          // 1
                reported("t2", RELEASE, "bob", 12),                            // 2
                prioritised("t1", Severity.S1, Urgency.HIGH, null, 20),        // 3: acknowledged after 10 min
                reported("t3", RELEASE, "carol", 25),                          // 4
                markedDuplicate("t2", "t1", RELEASE, 30),                      // 5
                attached("t1", "t2", "bob", 30),                               // 6
                assigned("t1", "dave", 35),                                    // 7
                userUpdate(RELEASE, "u1", List.of("t1"), 40),                  // 8
                hotfix(HOTFIX, RELEASE, 100),                                  // 9
                hotfixed("t1", RELEASE, HOTFIX, 110),                          // 10: resolved after 100 min
                reopened("t1", RELEASE, HOTFIX, 200),                          // 11
                regression("t1", RELEASE, HOTFIX, HOTFIX, 200),                // 12
                prioritised("t3", Severity.S3, Urgency.LOW, null, 210),        // 13: P4
                resolved("t1", RELEASE, 300),                                  // 14: resolved after 290 min
                lesson(RELEASE, "l1", "Connection pool exhaustion", "The pool ran dry under load",
                        List.of("t1"), List.of("database"), 400),              // 15
                actionItem(RELEASE, "a1", "l1", 401),                          // 16
                actionItemDone(RELEASE, "a1", 402),                            // 17
                retrospectiveClosed(RELEASE, 403));                            // 18
    }

    /** Every document of the collections, in id order, as JSON: equal snapshots mean equal read models. */
    public static List<String> snapshot(MongoDatabase database, String... collections) {
        List<String> documents = new ArrayList<>();
        for (String collection : collections) {
            for (Document document : database.getCollection(collection).find().sort(new Document("_id", 1))) {
                // How many writes it took is not what the documents say.
                if (!ProjectionStore.WRITES.equals(document.get("_id"))) {
                    document.remove(ProjectionStore.WRITE);
                    document.remove(ProjectionStore.BEFORE);
                    documents.add(collection + " " + document.toJson());
                }
            }
        }
        return documents;
    }

    public static Priority p(Severity severity, Urgency urgency) {
        return Priority.of(severity, urgency);
    }
}
