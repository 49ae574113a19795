package io.aftermath.query.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.aftermath.query.projection.ProjectionFormats;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.error.DomainRejection;

/**
 * Brings every shared projection to this version's format as the node starts. A projection with no
 * documents yet is recorded as current here, while the bean is built and before Axon starts any
 * processor that could write to it; one in an older format is rebuilt as soon as Axon has started the
 * processors and before the web server takes a request, so no read sees its old documents unmarked
 * (tester 47 found two seconds of that when this waited for the application to be ready). Generations
 * left behind by a node that died before dropping them go half a minute later.
 */
@Component
public class ProjectionUpgrades implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionUpgrades.class);

    private final ProjectionFormats formats;
    private final ProjectionRebuilds rebuilds;
    private volatile boolean running;

    public ProjectionUpgrades(ProjectionFormats formats, ProjectionRebuilds rebuilds) {
        this.formats = formats;
        this.rebuilds = rebuilds;
        for (String name : ProjectionNames.SHARED) {
            if (formats.recorded(name).isEmpty() && rebuilds.isEmpty(name)) {
                formats.recordCurrent(name);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        rebuilds.dropLeftoversLater();
        for (String name : ProjectionNames.SHARED) {
            int stored = formats.recorded(name).orElse(ProjectionFormats.UNRECORDED);
            if (stored >= formats.current(name)) {
                continue;
            }
            LOG.info("Projection {} was written in format {}, this version writes format {}: rebuilding it", name,
                    stored, formats.current(name));
            try {
                rebuilds.rebuild(name);
            } catch (DomainRejection e) {
                // Under way already (restarted during it, or another node began it), or another node holds it.
                LOG.info("Projection {} not rebuilt by this node: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After Axon's phases (small numbers: its processors start at 1024), before the web server's start. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
