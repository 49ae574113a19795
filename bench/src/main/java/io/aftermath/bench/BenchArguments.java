package io.aftermath.bench;

import java.util.ArrayList;
import java.util.List;

/** A bench runner's {@code key=value} arguments. */
record BenchArguments(String[] args) {

    String value(String key, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(key + "=")) {
                return arg.substring(key.length() + 1);
            }
        }
        return fallback;
    }

    int integer(String key, int fallback) {
        return Integer.parseInt(value(key, Integer.toString(fallback)));
    }

    List<Integer> integers(String key, String fallback) {
        return strings(key, fallback).stream().map(Integer::parseInt).toList();
    }

    List<String> strings(String key, String fallback) {
        List<String> values = new ArrayList<>();
        for (String part : value(key, fallback).split(",")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        return values;
    }
}
