package io.aftermath.command.postmortem.importing;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One NDJSON object. Numbers and booleans are read as their text; nulls as absent. */
final class JsonFields implements Fields {

    private final ObjectNode object;
    private final List<String> problems = new ArrayList<>();

    JsonFields(ObjectNode object) {
        this.object = object;
    }

    @Override
    public String text(String... names) {
        for (String name : names) {
            JsonNode node = object.get(name);
            if (node == null || node.isNull()) {
                continue;
            }
            if (node.isValueNode()) {
                String text = node.asText().strip();
                if (!text.isEmpty()) {
                    return text;
                }
            } else {
                problems.add(name + " must be text, not " + (node.isArray() ? "an array" : "an object"));
            }
        }
        return null;
    }

    @Override
    public List<String> list(String... names) {
        for (String name : names) {
            JsonNode node = object.get(name);
            if (node == null || node.isNull()) {
                continue;
            }
            if (node.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : node) {
                    if (item.isValueNode() && !item.isNull() && !item.asText().isBlank()) {
                        items.add(item.asText().strip());
                    } else if (item.isContainerNode()) {
                        problems.add(name + " must be an array of texts, but holds " + item.getNodeType());
                    }
                }
                return items;
            }
            if (node.isValueNode() && !node.asText().isBlank()) {
                return List.of(node.asText().strip());
            }
            if (node.isObject()) {
                problems.add(name + " must be an array of texts, not an object");
            }
        }
        return List.of();
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}
