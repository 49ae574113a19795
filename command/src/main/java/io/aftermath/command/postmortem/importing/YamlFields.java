package io.aftermath.command.postmortem.importing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Front matter read as a YAML node tree, not as Java objects: every scalar stays the text that was
 * written, so a title of {@code 1984}, a product of {@code yes} and a timestamp with microseconds
 * arrive unchanged instead of as a number, a boolean and a truncated {@code java.util.Date}.
 */
final class YamlFields implements Fields {

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL");

    private final Map<String, Node> values = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    YamlFields(MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                values.put(key.getValue().strip(), tuple.getValueNode());
            }
        }
    }

    static YamlFields empty() {
        return new YamlFields(new MappingNode(Tag.MAP, List.of(),
                DumperOptions.FlowStyle.AUTO));
    }

    @Override
    public String text(String... names) {
        for (String name : names) {
            Node node = values.get(name);
            if (node == null) {
                continue;
            }
            if (node instanceof ScalarNode scalar) {
                String text = scalar(scalar);
                if (text != null) {
                    return text;
                }
            } else {
                problems.add(name + " must be text, not a " + shape(node));
            }
        }
        return null;
    }

    @Override
    public List<String> list(String... names) {
        for (String name : names) {
            Node node = values.get(name);
            if (node instanceof SequenceNode sequence) {
                List<String> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    if (item instanceof ScalarNode scalar) {
                        String text = scalar(scalar);
                        if (text != null) {
                            items.add(text);
                        }
                    } else {
                        problems.add(name + " must be a list of texts, but holds a " + shape(item));
                    }
                }
                return items;
            }
            if (node instanceof ScalarNode scalar && scalar(scalar) != null) {
                return List.of(scalar(scalar));
            }
            if (node instanceof MappingNode) {
                problems.add(name + " must be a list of texts, not a mapping");
            }
        }
        return List.of();
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    private static String scalar(ScalarNode scalar) {
        String text = scalar.getValue().strip();
        boolean plain = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        if (text.isEmpty() || plain && NULL.matcher(text).matches()) {
            return null;
        }
        return text;
    }

    private static String shape(Node node) {
        return node instanceof SequenceNode ? "list" : "mapping";
    }
}
