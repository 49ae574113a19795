package io.aftermath.shared.query;

import java.time.Duration;

import org.springframework.lang.Nullable;

/**
 * Mean time to acknowledge (report to first prioritisation or assignment) and mean time to resolve
 * (report to resolution, over tickets resolved now), with how many tickets each mean covers; a mean
 * is null when it covers none.
 */
public record ResponseTimes(@Nullable Duration mtta, int acknowledged, @Nullable Duration mttr, int resolved) {
}
