package io.aftermath.command.postmortem.importing;

import java.io.StringReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import io.aftermath.shared.error.ErrorCode;

/**
 * One post-mortem in Markdown: YAML front matter between two {@code ---} lines (blank lines may come
 * before the first), then the body. A document without front matter is either a list of linked
 * post-mortems ({@link LinkListParser}), each entry its own post-mortem, or else still one post-mortem
 * (the title then comes from its first heading), with a warning; front matter that is opened but never
 * closed, or is not a YAML mapping, makes the entry unreadable. The YAML is only composed into nodes,
 * never constructed into objects, so no tag can instantiate a class, and aliases and nesting are capped.
 */
public final class MarkdownPostmortemParser {

    private static final String FENCE = "---";

    /**
     * {@code entry} names the document ("document", a file name); a link list's entries are named after
     * it with their line and company ("list.md line 19 (Quill)"). {@code charset} is the one the content
     * type names, or null for UTF-8; a document that is not valid in it is refused ({@link UploadText}).
     */
    public List<ParsedEntry> parse(String entry, byte[] document, Charset charset) {
        UploadText upload = UploadText.decode(document, charset);
        String problem = upload.problem(0, upload.text().length());
        return problem == null ? parse(entry, upload.text())
                : List.of(new ParsedEntry.Invalid(entry, ErrorCode.POSTMORTEM_INVALID, problem));
    }

    List<ParsedEntry> parse(String entry, String document) {
        String text = normalize(document);
        if (text.isBlank()) {
            return List.of(new ParsedEntry.Invalid(entry, ErrorCode.POSTMORTEM_INVALID, "The document is empty"));
        }
        List<String> lines = text.lines().toList();
        int open = firstNonBlank(lines);
        if (!lines.get(open).strip().equals(FENCE)) {
            List<ParsedEntry> listed = LinkListParser.parse(entry, text);
            return listed.isEmpty() ? List.of(withoutFrontMatter(entry, text)) : listed;
        }
        return List.of(withFrontMatter(entry, lines.subList(open, lines.size()), open + 1));
    }

    /** Editors and exports leave blank lines above the front matter; they do not make it body. */
    private static int firstNonBlank(List<String> lines) {
        int line = 0;
        while (lines.get(line).isBlank()) {
            line++;
        }
        return line;
    }

    private static ParsedEntry withoutFrontMatter(String entry, String text) {
        ParsedEntry parsed = DraftAssembler.assemble(entry, YamlFields.empty(), text);
        return parsed instanceof ParsedEntry.Valid valid
                ? withWarning(valid, "No front matter: only the body was read") : parsed;
    }

    /** {@code lines} from the opening {@code ---}, which is line {@code openedOn} of the document. */
    private static ParsedEntry withFrontMatter(String entry, List<String> lines, int openedOn) {
        int close = closingFence(lines);
        if (close < 0) {
            return new ParsedEntry.Invalid(entry, ErrorCode.MALFORMED_REQUEST, "The front matter opened by '---'"
                    + " on line " + openedOn + " is never closed by another '---' line");
        }
        TextCleaner cleaner = new TextCleaner();
        // The YAML reader refuses control characters outright; cleaned here, they count in the warning.
        String frontMatter = cleaner.clean(String.join("\n", lines.subList(1, close)));
        String body = String.join("\n", lines.subList(close + 1, lines.size()));
        Node root;
        try {
            root = yaml().compose(new StringReader(frontMatter));
        } catch (MarkedYAMLException e) {
            // The mark counts from the front matter's first line, 0-based; the author counts the document's lines.
            Mark at = e.getProblemMark();
            String where = at == null ? "" : " at line " + (openedOn + 1 + at.getLine()) + ", column " + (at.getColumn() + 1);
            String what = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
            return new ParsedEntry.Invalid(entry, ErrorCode.MALFORMED_REQUEST, "The front matter is not valid YAML"
                    + where + ": " + firstLine(what));
        } catch (YAMLException e) {
            return new ParsedEntry.Invalid(entry, ErrorCode.MALFORMED_REQUEST, "The front matter is not valid YAML: "
                    + firstLine(e.getMessage()));
        }
        if (root != null && !(root instanceof MappingNode)) {
            return new ParsedEntry.Invalid(entry, ErrorCode.MALFORMED_REQUEST,
                    "The front matter must be a YAML mapping of keys to values");
        }
        String repeated = root == null ? null : repeatedKey((MappingNode) root);
        if (repeated != null) {
            return new ParsedEntry.Invalid(entry, ErrorCode.MALFORMED_REQUEST, "The front matter gives the key "
                    + repeated + " more than once");
        }
        YamlFields fields = root == null ? YamlFields.empty() : new YamlFields((MappingNode) root);
        return DraftAssembler.assemble(entry, fields, body, cleaner);
    }

    /**
     * The first key given twice, refused as a JSON member given twice is: which value was meant would be a
     * guess. Composing reads the document without constructing it, so SnakeYAML's own check never runs.
     */
    private static String repeatedKey(MappingNode root) {
        Set<String> keys = new HashSet<>();
        for (NodeTuple tuple : root.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && !keys.add(key.getValue())) {
                return key.getValue();
            }
        }
        return null;
    }

    private static int closingFence(List<String> lines) {
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals(FENCE) || line.equals("...")) {
                return i;
            }
        }
        return -1;
    }

    /** A Yaml instance is not thread-safe; one per document is cheap next to the document itself. */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(10);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(1_000_000);
        return new Yaml(new SafeConstructor(options));
    }

    private static String normalize(String document) {
        String text = document == null ? "" : document;
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static ParsedEntry.Valid withWarning(ParsedEntry.Valid valid, String warning) {
        List<String> warnings = new ArrayList<>(List.of(warning));
        warnings.addAll(valid.warnings());
        return new ParsedEntry.Valid(valid.entry(), valid.postmortem(), warnings);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
