package io.aftermath.shared.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code aftermath.web.*}.
 *
 * @param maxBodySize the largest request body accepted (also the codecs' in-memory limit); larger is 413
 */
@ConfigurationProperties("aftermath.web")
public record WebLimits(@DefaultValue("256KB") DataSize maxBodySize) {
}
