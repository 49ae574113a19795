package io.aftermath.shared.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.web.admission.HeavyRequests;

/**
 * {@code aftermath.web.*}.
 *
 * @param maxBodySize   the largest request body accepted (also the codecs' in-memory limit); larger is 413
 * @param heavyRequests how many log exports, verifications, replays and checkpoints run at once
 * @param sendTimeout   how long a client may take none of the answer waiting for it before its connection is
 *                      closed; zero never
 */
@ConfigurationProperties("aftermath.web")
public record WebLimits(@DefaultValue("256KB") DataSize maxBodySize, @DefaultValue HeavyRequests heavyRequests,
                        @DefaultValue("60s") Duration sendTimeout) {

    /** The codecs count their in-memory limit in an {@code int}. */
    static final DataSize LARGEST = DataSize.ofBytes(Integer.MAX_VALUE);

    public WebLimits {
        SettingRange.between("aftermath.web.max-body-size", maxBodySize, DataSize.ofBytes(1), LARGEST);
        SettingRange.atLeast("aftermath.web.send-timeout", sendTimeout, Duration.ZERO);
    }
}
