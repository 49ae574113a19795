package io.aftermath.app.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aftermath.command.web.Target;
import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.PublishUserUpdate;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.release.ReleaseId;
import io.aftermath.shared.release.UserUpdateStatus;
import io.aftermath.shared.retrospective.AddActionItem;
import io.aftermath.shared.retrospective.CloseRetrospective;
import io.aftermath.shared.retrospective.CompleteActionItem;
import io.aftermath.shared.retrospective.RecordLesson;
import io.aftermath.shared.ticket.AssignTicket;
import io.aftermath.shared.ticket.MarkDuplicate;
import io.aftermath.shared.ticket.Prioritise;
import io.aftermath.shared.ticket.Reopen;
import io.aftermath.shared.ticket.ReportTicket;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Resolve;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

/**
 * Writes a release's story as commands, in the order and at the moments they happen. Every id is
 * derived from the story's prefix (tickets {@code <prefix>-01}, lessons {@code <prefix>-lesson-1},
 * action items {@code <prefix>-action-1}, user updates {@code <prefix>-update-01}), and every step
 * gets a fixed correlation id ({@code <prefix>-<step key>}), so the same story always yields the same
 * commands. Ticket, lesson and action item numbers are the story's own.
 */
final class Story {

    private final String prefix;
    private final String service;
    private final String releaseId;
    private final List<DemoStep> steps = new ArrayList<>();
    private final Map<String, Integer> keys = new HashMap<>();
    private LocalDate day;
    private Instant now;
    private int updates;

    /** {@code version} is the release the story is about; its retrospective and user updates live there. */
    Story(String prefix, String service, String version, LocalDate day) {
        this.prefix = prefix;
        this.service = service;
        this.releaseId = ReleaseId.of(service, version);
        this.day = day;
        this.now = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Story on(String date) {
        day = LocalDate.parse(date);
        return at("00:00");
    }

    /** Time of day, UTC, on the current day; the story only moves forward. */
    Story at(String time) {
        Instant next = day.atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
        if (next.isBefore(now)) {
            throw new IllegalStateException("The story went back in time at " + next);
        }
        now = next;
        return this;
    }

    List<DemoStep> steps() {
        return List.copyOf(steps);
    }

    String ticket(int number) {
        return prefix + "-" + String.format("%02d", number);
    }

    String release(String version) {
        return ReleaseId.of(service, version);
    }

    Story release(String actor, String version, String hotfixOfVersion, String notes) {
        String id = release(version);
        return step("release-" + version, actor, Target.release(id), new RegisterRelease(id, service, version, now,
                hotfixOfVersion == null ? null : release(hotfixOfVersion), notes, actor, now));
    }

    Story report(int number, String actor, String via, String component, String title, String description) {
        String id = ticket(number);
        return step("report-" + number, actor, Target.ticket(id),
                new ReportTicket(id, releaseId, title, description, component, via, actor, now));
    }

    Story prioritise(int number, String actor, Severity severity, Urgency urgency, String reason) {
        String id = ticket(number);
        return step("prioritise-" + number, actor, Target.ticket(id),
                new Prioritise(id, severity, urgency, reason, actor, now));
    }

    Story assign(int number, String actor, String assignee) {
        String id = ticket(number);
        return step("assign-" + number, actor, Target.ticket(id), new AssignTicket(id, assignee, actor, now));
    }

    Story duplicate(int number, String actor, int canonical) {
        String id = ticket(number);
        return step("duplicate-" + number, actor, Target.ticket(id),
                new MarkDuplicate(id, ticket(canonical), actor, now));
    }

    Story resolve(int number, String actor, Resolution resolution, String fixedInVersion, String summary) {
        String id = ticket(number);
        return step("resolve-" + number, actor, Target.ticket(id), new Resolve(id, resolution, summary,
                fixedInVersion == null ? null : release(fixedInVersion), actor, now));
    }

    Story reopen(int number, String actor, String observedInVersion, String reason) {
        String id = ticket(number);
        return step("reopen-" + number, actor, Target.ticket(id),
                new Reopen(id, reason, release(observedInVersion), actor, now));
    }

    Story update(String actor, UserUpdateStatus status, Channel channel, String message, int... tickets) {
        String updateId = prefix + "-update-" + String.format("%02d", ++updates);
        return step("update-" + updates, actor, Target.release(releaseId), new PublishUserUpdate(releaseId,
                updateId, status, channel, message, tickets(tickets), actor, now));
    }

    Story lesson(int number, String actor, Lesson lesson) {
        List<String> tickets = lesson.tickets().stream().map(this::ticket).toList();
        return step("lesson-" + number, actor, Target.release(releaseId), new RecordLesson(releaseId,
                lessonId(number), lesson.title(), lesson.whatHappened(), lesson.contributingFactors(),
                lesson.whatWentWell(), lesson.improvements(), tickets, lesson.tags(), actor, now));
    }

    Story actionItem(int number, String actor, String title, String owner, String dueDate, int lesson) {
        return step("action-" + number, actor, Target.release(releaseId), new AddActionItem(releaseId,
                actionItemId(number), title, owner, LocalDate.parse(dueDate), lessonId(lesson), actor, now));
    }

    Story complete(int number, String actor, String note) {
        return step("complete-" + number, actor, Target.release(releaseId),
                new CompleteActionItem(releaseId, actionItemId(number), note, actor, now));
    }

    Story close(String actor, String summary) {
        return step("close-retrospective", actor, Target.release(releaseId),
                new CloseRetrospective(releaseId, summary, actor, now));
    }

    private String lessonId(int number) {
        return prefix + "-lesson-" + number;
    }

    private String actionItemId(int number) {
        return prefix + "-action-" + number;
    }

    private List<String> tickets(int... numbers) {
        return Arrays.stream(numbers).mapToObj(this::ticket).toList();
    }

    /** A second prioritisation of one ticket is its own step: {@code prioritise-10-2}. */
    private Story step(String key, String actor, Target target, Object command) {
        int seen = keys.merge(key, 1, Integer::sum);
        String unique = seen == 1 ? key : key + "-" + seen;
        steps.add(new DemoStep(unique, prefix + "-" + unique, actor, target, command));
        return this;
    }

    /** A blameless lesson: systems and decisions, not culprits. */
    record Lesson(String title, String whatHappened, List<String> contributingFactors, String whatWentWell,
                  List<String> improvements, List<Integer> tickets, List<String> tags) {
    }
}
