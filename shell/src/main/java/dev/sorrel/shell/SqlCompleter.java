package dev.sorrel.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion that knows the schema and the statement being typed:
 * <ul>
 *   <li>meta commands at the start of the input, and their arguments;</li>
 *   <li>after {@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE} and the like: tables,
 *       views, feature views and schemas; after {@code schema.}: that schema's tables
 *       ({@code ONLINE.} lists the online feature views);</li>
 *   <li>after {@code alias.} or {@code table.}: the columns of the table it names in the
 *       statement's {@code FROM} (aliases resolved);</li>
 *   <li>elsewhere: the columns of the tables the statement names (wherever its {@code FROM}
 *       is, before or after the cursor), functions with their signatures and keywords;</li>
 *   <li>inside a string: model references after {@code PREDICT('} and its siblings,
 *       experiment names after {@code ASSIGN_VARIANT('} and {@code PREDICT_VARIANT('}, file
 *       paths after {@code COPY ... FROM '} or {@code TO '} and {@code CREATE MODEL ... FROM '}.</li>
 * </ul>
 * Names are offered in the case the user types: an unquoted upper-case name such as
 * {@code ORDERS} is offered as {@code orders} to someone typing lower-case, and a name that
 * needs quotes is offered quoted.
 */
final class SqlCompleter implements Completer {

    /** The meta commands, with what they do, for completion at the start of the input. */
    private final Map<String, String> metaCommands;

    private final SchemaCache cache;

    /** @param metaCommands name to description, as {@code \?} lists them */
    SqlCompleter(SchemaCache cache, Map<String, String> metaCommands) {
        this.cache = cache;
        this.metaCommands = metaCommands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidates.addAll(candidates(line.line(), line.cursor()));
    }

    /** The candidates at {@code cursor} of {@code buffer}; what Tab offers there. */
    List<Candidate> candidates(String buffer, int cursor) {
        CompletionContext context = CompletionContext.analyze(buffer, cursor);
        List<Candidate> out = new ArrayList<>();
        switch (context.kind()) {
            case META_COMMAND -> metaCommands.forEach((name, description) ->
                    out.add(candidate(name, "commands", description, true)));
            case META_ARGUMENT -> metaArgument(context, out);
            case MODEL_REFERENCE -> cache.modelReferences().forEach(m -> out.add(candidate(
                    modelReference(m.name(), context.prefix()), "models", m.description(),
                    false)));
            case EXPERIMENT -> cache.experiments().forEach(e ->
                    out.add(candidate(e.name(), "experiments", e.description(), false)));
            case FILE_PATH -> files(context.prefix(), out);
            case QUALIFIED -> qualified(context, out);
            case RELATION -> relations(context, out);
            case MODEL_NAME -> cache.modelReferences().stream()
                    .filter(m -> m.name().indexOf('@') < 0 && m.name().indexOf(':') < 0)
                    .forEach(m -> out.add(name(context, m.name(), "models", m.description())));
            case EXPERIMENT_NAME -> cache.experiments().forEach(e ->
                    out.add(name(context, e.name(), "experiments", e.description())));
            case MONITOR_NAME -> cache.monitors().forEach(m ->
                    out.add(name(context, m.name(), "monitors", m.description())));
            case ENTITY_NAME -> cache.entities().forEach(e ->
                    out.add(name(context, e.name(), "entities", e.description())));
            case ANY -> anything(context, out);
            case NONE -> {
                // inside a comment or an unrelated string: nothing to offer
            }
            default -> throw new AssertionError(context.kind());
        }
        return out;
    }

    private void metaArgument(CompletionContext context, List<Candidate> out) {
        switch (context.command()) {
            case "\\d", "\\d+" -> {
                relations(context, out);
                cache.modelReferences().stream()
                        .filter(m -> m.name().indexOf('@') < 0 && m.name().indexOf(':') < 0)
                        .forEach(m -> out.add(name(context, m.name(), "models", m.description())));
                cache.experiments().forEach(e ->
                        out.add(name(context, e.name(), "experiments", e.description())));
                cache.monitors().forEach(m ->
                        out.add(name(context, m.name(), "monitors", m.description())));
            }
            case "\\i", "\\include", "\\o", "\\out" -> files(context.prefix(), out);
            case "\\timing", "\\echo", "\\quiet" -> {
                out.add(candidate("on", "values", null, true));
                out.add(candidate("off", "values", null, true));
            }
            case "\\x" -> {
                for (String v : List.of("on", "off", "auto")) {
                    out.add(candidate(v, "values", null, true));
                }
            }
            case "\\format", "\\mode" -> {
                for (OutputFormat f : OutputFormat.values()) {
                    out.add(candidate(f.displayName(), "formats", null, true));
                }
            }
            default -> {
                // commands without arguments to complete
            }
        }
    }

    private void qualified(CompletionContext context, List<Candidate> out) {
        String qualifier = context.qualifier();
        // An alias or table of the statement first, as SQL resolves it.
        SchemaCache.Relation scoped = resolveInScope(context, qualifier);
        if (scoped != null) {
            columns(context, scoped, out);
            return;
        }
        boolean isSchema = false;
        for (String schema : cache.schemas()) {
            if (sameName(schema, qualifier)) {
                isSchema = true;
                for (SchemaCache.Relation r : cache.relations()) {
                    if (schema.equals(r.schema())) {
                        out.add(name(context, r.name(), group(r), r.type()));
                    }
                }
            }
        }
        if (!isSchema) {
            // A table named before its FROM is typed: SELECT orders.| ...
            SchemaCache.Relation table = resolve(null, qualifier);
            if (table != null) {
                columns(context, table, out);
            }
        }
    }

    private void relations(CompletionContext context, List<Candidate> out) {
        for (SchemaCache.Relation r : cache.relations()) {
            // System tables and online views are a "sys." or "online." away; listing them
            // here would bury the user's tables under names they rarely mean.
            if (!isSystemSchema(r.schema()) && !"ONLINE".equalsIgnoreCase(r.schema())) {
                out.add(name(context, r.name(), group(r), r.schema() + " " + lower(r.type())));
            }
        }
        for (String schema : cache.schemas()) {
            String shown = display(context, schema) + ".";
            out.add(new Candidate(shown, shown, "schemas", "schema", null, null, false));
        }
    }

    private void anything(CompletionContext context, List<Candidate> out) {
        for (SchemaCache.Relation r : tablesInScope(context)) {
            columns(context, r, out);
        }
        for (CompletionContext.TableRef ref : context.tables()) {
            String shown = ref.alias() != null ? ref.alias() : ref.name();
            out.add(candidate(shown + ".", "tables in scope", null, false));
        }
        for (SchemaCache.Function f : cache.functions()) {
            String shown = context.lowerCase() ? f.name().toLowerCase(Locale.ROOT) : f.name();
            out.add(new Candidate(shown, shown, "functions",
                    f.description() == null ? null : f.description(), null, null, true));
        }
        Set<String> keywords = new java.util.TreeSet<>(SqlKeywords.ALL);
        for (String k : keywords) {
            String shown = context.lowerCase() ? k.toLowerCase(Locale.ROOT) : k;
            out.add(candidate(shown, "keywords", null, true));
        }
        if (context.tables().isEmpty()) {
            // No FROM yet: the tables too, for "SELECT * FROM" typed backwards.
            relations(context, out);
        }
    }

    private void columns(CompletionContext context, SchemaCache.Relation relation,
                         List<Candidate> out) {
        for (SchemaCache.Named column : cache.columns(relation)) {
            out.add(name(context, column.name(), "columns",
                    relation.name() + "." + column.name() + " " + column.description()));
        }
    }

    /** The relations the statement's FROM names, resolved against the cache. */
    private List<SchemaCache.Relation> tablesInScope(CompletionContext context) {
        List<SchemaCache.Relation> relations = new ArrayList<>();
        for (CompletionContext.TableRef ref : context.tables()) {
            SchemaCache.Relation r = resolve(ref.schema(), ref.name());
            if (r != null && !relations.contains(r)) {
                relations.add(r);
            }
        }
        return relations;
    }

    private SchemaCache.Relation resolveInScope(CompletionContext context, String qualifier) {
        for (CompletionContext.TableRef ref : context.tables()) {
            if (ref.alias() != null ? sameName(ref.alias(), qualifier)
                    : sameName(ref.name(), qualifier)) {
                return resolve(ref.schema(), ref.name());
            }
        }
        return null;
    }

    /** The relation named {@code [schema.]name}, the default schema's first. */
    private SchemaCache.Relation resolve(String schema, String name) {
        SchemaCache.Relation found = null;
        for (SchemaCache.Relation r : cache.relations()) {
            if (sameName(r.name(), name) && (schema == null || sameName(r.schema(), schema))) {
                if (found == null || isSystemSchema(found.schema())
                        || "ONLINE".equalsIgnoreCase(found.schema())) {
                    found = r;
                }
            }
        }
        return found;
    }

    /** Whether a typed name (quoted: exact; unquoted: any case) names {@code stored}. */
    static boolean sameName(String stored, String typed) {
        if (stored == null || typed == null) {
            return false;
        }
        if (typed.length() >= 2 && typed.startsWith("\"") && typed.endsWith("\"")) {
            return stored.equals(typed.substring(1, typed.length() - 1).replace("\"\"", "\""));
        }
        return stored.equalsIgnoreCase(typed);
    }

    private static boolean isSystemSchema(String schema) {
        return schema != null && (schema.equalsIgnoreCase("SYS")
                || schema.equalsIgnoreCase("INFORMATION_SCHEMA")
                || schema.equalsIgnoreCase("TRACKING") || schema.equalsIgnoreCase("metadata"));
    }

    private static String group(SchemaCache.Relation r) {
        String type = r.type() == null ? "" : r.type().toUpperCase(Locale.ROOT);
        if ("ONLINE".equalsIgnoreCase(r.schema())) {
            return "online feature views";
        }
        return switch (type) {
            case "VIEW" -> "views";
            case "FEATURE VIEW" -> "feature views";
            case "SYSTEM TABLE" -> "system tables";
            default -> "tables";
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** A name as the user would type it: in their case if unquoted, else quoted. */
    private static Candidate name(CompletionContext context, String name, String group,
                                  String description) {
        String shown = display(context, name);
        return new Candidate(shown, shown, group, description, null, null, true);
    }

    static String display(CompletionContext context, String name) {
        if (isRegularUpper(name) && !SqlKeywords.RESERVED.contains(name)) {
            return context.lowerCase() ? name.toLowerCase(Locale.ROOT) : name;
        }
        // Sorrel folds unquoted names to upper case: any other name needs its quotes.
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static boolean isRegularUpper(String name) {
        if (name.isEmpty() || !SqlLexer.isWordStart(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!SqlLexer.isWordPart(ch) || Character.isLowerCase(ch)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A model reference in the case the user types: references match model names
     * case-insensitively, so {@code TIPPER@production} is offered as {@code tipper@production}
     * unless the user types upper case.
     */
    private static String modelReference(String reference, String prefix) {
        int end = reference.length();
        for (int i = 0; i < reference.length(); i++) {
            if (reference.charAt(i) == '@' || reference.charAt(i) == ':') {
                end = i;
                break;
            }
        }
        String name = reference.substring(0, end);
        boolean lower = !prefix.chars().anyMatch(Character::isUpperCase);
        return lower && isRegularUpper(name)
                ? name.toLowerCase(Locale.ROOT) + reference.substring(end) : reference;
    }

    private static Candidate candidate(String value, String group, String description,
                                       boolean complete) {
        return new Candidate(value, value, group, description, null, null, complete);
    }

    /** Files and directories whose path starts with {@code prefix}, relative to the cwd. */
    private static void files(String prefix, List<Candidate> out) {
        int slash = prefix.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : prefix.substring(0, slash + 1);
        String namePart = slash < 0 ? prefix : prefix.substring(slash + 1);
        Path dir;
        try {
            dir = Path.of(dirPart.isEmpty() ? "." : dirPart);
        } catch (InvalidPathException e) {
            return;
        }
        Map<String, Boolean> entries = new LinkedHashMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String file = p.getFileName().toString();
                if (file.startsWith(namePart) && (!file.startsWith(".") || namePart.startsWith("."))) {
                    entries.put(file, Files.isDirectory(p));
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        entries.keySet().stream().sorted().forEach(file -> {
            boolean directory = entries.get(file);
            String value = dirPart + file + (directory ? "/" : "");
            // A directory is not finished: Tab goes on into it.
            out.add(new Candidate(value, file + (directory ? "/" : ""), "files", null, null,
                    null, !directory));
        });
    }
}
