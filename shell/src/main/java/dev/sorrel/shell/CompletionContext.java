package dev.sorrel.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the cursor is in the statement being typed, as far as completion cares: what kind of
 * name fits there, the part of it already typed ({@link #prefix}, which Tab replaces), the
 * table or alias before a dot, and the tables the statement names with their aliases.
 *
 * @param kind      what fits at the cursor
 * @param prefix    the text of the name typed so far, up to the cursor
 * @param qualifier for {@link Kind#QUALIFIED}, the name before the dot, as typed
 * @param command   for {@link Kind#META_ARGUMENT}, the meta command, such as {@code \d}
 * @param tables    the tables named by the statement's FROM, JOIN, UPDATE or INTO clauses,
 *                  before or after the cursor
 * @param lowerCase whether the user types in lower case, so names are offered that way
 */
record CompletionContext(Kind kind, String prefix, String qualifier, String command,
                         List<TableRef> tables, boolean lowerCase) {

    /** What fits at the cursor. */
    enum Kind {
        /** A meta command's name. */
        META_COMMAND,
        /** An argument of a meta command. */
        META_ARGUMENT,
        /** A model reference in a string: {@code PREDICT('}. */
        MODEL_REFERENCE,
        /** An experiment name in a string: {@code ASSIGN_VARIANT('}. */
        EXPERIMENT,
        /** A file path in a string: {@code COPY t FROM '}. */
        FILE_PATH,
        /** A column of a table or alias, or a table of a schema, after a dot. */
        QUALIFIED,
        /** A table, view or feature view: after FROM, JOIN, INTO, UPDATE, TABLE, ... */
        RELATION,
        /** A model name: after MODEL. */
        MODEL_NAME,
        /** An experiment name: after EXPERIMENT. */
        EXPERIMENT_NAME,
        /** A monitor name: after MONITOR. */
        MONITOR_NAME,
        /** An entity name: after ENTITY. */
        ENTITY_NAME,
        /** Columns in scope, functions and keywords. */
        ANY,
        /** Nothing: a comment, a number, an unrelated string. */
        NONE
    }

    /** A table the statement names: {@code [schema.]name [AS] alias}, parts as typed. */
    record TableRef(String schema, String name, String alias) {
    }

    /** Functions whose first argument is a model reference. */
    private static final Set<String> MODEL_FUNCTIONS = Set.of("PREDICT", "PREDICT_LABEL",
            "PREDICT_PROBA", "PREDICT_OUTPUT");
    /** Functions whose first argument is an experiment's name. */
    private static final Set<String> EXPERIMENT_FUNCTIONS = Set.of("ASSIGN_VARIANT",
            "PREDICT_VARIANT", "EXPERIMENT_RESULTS", "SRM_P");
    /** Keywords after which a table reference follows. */
    private static final Set<String> RELATION_KEYWORDS = Set.of("FROM", "JOIN", "INTO",
            "UPDATE", "TABLE", "DESCRIBE", "TRUNCATE", "VIEW");

    /**
     * The part of {@code buffer} Tab replaces at {@code cursor}: what {@link #analyze} calls
     * the prefix. The line parser reports it as the word being completed.
     */
    static String word(String buffer, int cursor) {
        return analyze(buffer, cursor).prefix();
    }

    /** Analyzes {@code buffer} with the cursor at {@code cursor}. */
    static CompletionContext analyze(String buffer, int cursor) {
        List<SqlLexer.Token> all = SqlLexer.tokenize(buffer);
        // The statement around the cursor: between the semicolons before and after it.
        int from = 0;
        int to = all.size();
        for (int i = 0; i < all.size(); i++) {
            SqlLexer.Token t = all.get(i);
            if (t.kind() == SqlLexer.Kind.OPERATOR && buffer.charAt(t.start()) == ';') {
                if (t.end() <= cursor) {
                    from = i + 1;
                } else if (to == all.size()) {
                    to = i;
                }
            }
        }
        List<SqlLexer.Token> tokens = all.subList(from, to);
        int start = tokens.isEmpty() ? cursor : tokens.get(0).start();
        String statement = buffer.substring(Math.min(start, buffer.length()));
        String stripped = statement.stripLeading();
        if (stripped.startsWith("\\")) {
            return meta(buffer, cursor, buffer.length() - stripped.length());
        }
        List<SqlLexer.Token> significant = new ArrayList<>();
        SqlLexer.Token atCursor = null;
        for (SqlLexer.Token t : tokens) {
            if (t.start() < cursor && cursor <= t.end()) {
                atCursor = t;
            }
            if (t.kind() != SqlLexer.Kind.WHITESPACE && t.kind() != SqlLexer.Kind.COMMENT) {
                significant.add(t);
            }
        }
        List<TableRef> tables = tableRefs(buffer, significant);
        String prefix = "";
        if (atCursor != null) {
            switch (atCursor.kind()) {
                case STRING -> {
                    if (atCursor.closed() && cursor == atCursor.end()) {
                        return none(tables);
                    }
                    return inString(buffer, cursor, atCursor, significant, tables);
                }
                case COMMENT -> {
                    if (!atCursor.closed() || cursor < atCursor.end()
                            || buffer.charAt(atCursor.start()) == '-') {
                        return none(tables);
                    }
                }
                case NUMBER -> {
                    return none(tables);
                }
                case WORD, QUOTED_NAME -> prefix = buffer.substring(atCursor.start(), cursor);
                default -> {
                    // whitespace or an operator: a new name starts at the cursor
                }
            }
        }
        int wordStart = cursor - prefix.length();
        List<SqlLexer.Token> before = new ArrayList<>();
        for (SqlLexer.Token t : significant) {
            if (t.end() <= wordStart) {
                before.add(t);
            }
        }
        boolean lower = isLowerCase(buffer, prefix, before);
        int n = before.size();
        if (n >= 2 && isChar(buffer, before.get(n - 1), '.') && before.get(n - 1).end() == wordStart
                && isName(before.get(n - 2)) && before.get(n - 2).end() == before.get(n - 1).start()) {
            return new CompletionContext(Kind.QUALIFIED, prefix, before.get(n - 2).text(buffer),
                    null, tables, lower);
        }
        Kind kind = Kind.ANY;
        if (n >= 1 && before.get(n - 1).kind() == SqlLexer.Kind.WORD) {
            String previous = upper(buffer, before.get(n - 1));
            String second = n >= 2 ? upper(buffer, before.get(n - 2)) : "";
            String third = n >= 3 ? upper(buffer, before.get(n - 3)) : "";
            if (RELATION_KEYWORDS.contains(previous)
                    || previous.equals("ON") && third.equals("MONITOR")) {
                kind = Kind.RELATION;
            } else if (previous.equals("MODEL") && !second.equals("FEATURE")) {
                kind = Kind.MODEL_NAME;
            } else if (previous.equals("EXPERIMENT")) {
                kind = Kind.EXPERIMENT_NAME;
            } else if (previous.equals("MONITOR")) {
                kind = Kind.MONITOR_NAME;
            } else if (previous.equals("ENTITY")) {
                kind = Kind.ENTITY_NAME;
            } else if (previous.equals("EXISTS") && second.equals("IF") && n >= 4) {
                // DROP TABLE IF EXISTS |
                String object = upper(buffer, before.get(n - 3));
                kind = switch (object) {
                    case "MODEL" -> Kind.MODEL_NAME;
                    case "EXPERIMENT" -> Kind.EXPERIMENT_NAME;
                    case "MONITOR" -> Kind.MONITOR_NAME;
                    case "ENTITY" -> Kind.ENTITY_NAME;
                    case "TABLE", "VIEW" -> Kind.RELATION;
                    default -> Kind.ANY;
                };
            }
        }
        return new CompletionContext(kind, prefix, null, null, tables, lower);
    }

    private static CompletionContext none(List<TableRef> tables) {
        return new CompletionContext(Kind.NONE, "", null, null, tables, false);
    }

    private static CompletionContext meta(String buffer, int cursor, int start) {
        int end = start;
        while (end < buffer.length() && !Character.isWhitespace(buffer.charAt(end))) {
            end++;
        }
        if (cursor <= end) {
            return new CompletionContext(Kind.META_COMMAND, buffer.substring(start, cursor), null,
                    null, List.of(), false);
        }
        String command = buffer.substring(start, end);
        int wordStart = cursor;
        while (wordStart > end && !Character.isWhitespace(buffer.charAt(wordStart - 1))) {
            wordStart--;
        }
        String prefix = buffer.substring(wordStart, cursor);
        boolean lower = prefix.isEmpty() || prefix.equals(prefix.toLowerCase(Locale.ROOT));
        return new CompletionContext(Kind.META_ARGUMENT, prefix, null, command, List.of(), lower);
    }

    /** A string being typed: which kind of reference, from the call or clause around it. */
    private static CompletionContext inString(String buffer, int cursor, SqlLexer.Token string,
                                              List<SqlLexer.Token> significant,
                                              List<TableRef> tables) {
        String prefix = buffer.substring(string.start() + 1, cursor);
        int index = significant.indexOf(string);
        Kind kind = Kind.NONE;
        if (index >= 2 && isChar(buffer, significant.get(index - 1), '(')
                && significant.get(index - 2).kind() == SqlLexer.Kind.WORD) {
            String function = upper(buffer, significant.get(index - 2));
            if (MODEL_FUNCTIONS.contains(function)) {
                kind = Kind.MODEL_REFERENCE;
            } else if (EXPERIMENT_FUNCTIONS.contains(function)) {
                kind = Kind.EXPERIMENT;
            }
        } else if (index >= 1 && significant.get(index - 1).kind() == SqlLexer.Kind.WORD) {
            String previous = upper(buffer, significant.get(index - 1));
            String first = upper(buffer, significant.get(0));
            String second = significant.size() > 1 ? upper(buffer, significant.get(1)) : "";
            if (previous.equals("MODEL")) {
                kind = Kind.MODEL_REFERENCE; // a variant's model in CREATE EXPERIMENT
            } else if ((previous.equals("FROM") || previous.equals("TO"))
                    && (first.equals("COPY") || first.equals("CREATE") && second.equals("MODEL")
                    || first.equals("ALTER") && second.equals("MODEL"))) {
                kind = Kind.FILE_PATH;
            }
        }
        return new CompletionContext(kind, prefix, null, null, tables, false);
    }

    /**
     * The tables named after FROM, JOIN, UPDATE and INTO (and after ON in CREATE MONITOR),
     * with their aliases; lists after FROM ({@code FROM a x, b y}) included. Parenthesized
     * subqueries and table functions are skipped, their aliases are not tables.
     */
    static List<TableRef> tableRefs(String buffer, List<SqlLexer.Token> tokens) {
        List<TableRef> refs = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token t = tokens.get(i);
            if (t.kind() != SqlLexer.Kind.WORD) {
                continue;
            }
            String word = upper(buffer, t);
            boolean monitorOn = word.equals("ON") && i >= 2
                    && upper(buffer, tokens.get(i - 2)).equals("MONITOR");
            if (!word.equals("FROM") && !word.equals("JOIN") && !word.equals("UPDATE")
                    && !word.equals("INTO") && !monitorOn) {
                continue;
            }
            int j = i + 1;
            while (true) {
                int next = tableRef(buffer, tokens, j, refs);
                if (next < 0 || !word.equals("FROM") || next >= tokens.size()
                        || !isChar(buffer, tokens.get(next), ',')) {
                    break;
                }
                j = next + 1;
            }
        }
        return refs;
    }

    /** Reads one table reference at {@code i}; returns the index after it, or -1 if none. */
    private static int tableRef(String buffer, List<SqlLexer.Token> tokens, int i,
                                List<TableRef> refs) {
        if (i >= tokens.size()) {
            return -1;
        }
        if (isChar(buffer, tokens.get(i), '(')) {
            int depth = 0;
            int j = i;
            for (; j < tokens.size(); j++) {
                if (isChar(buffer, tokens.get(j), '(')) {
                    depth++;
                } else if (isChar(buffer, tokens.get(j), ')') && --depth == 0) {
                    break;
                }
            }
            return skipAlias(buffer, tokens, j + 1);
        }
        if (!isName(tokens.get(i)) || isReserved(buffer, tokens.get(i))) {
            return -1;
        }
        String schema = null;
        String name = tokens.get(i).text(buffer);
        int j = i + 1;
        if (j + 1 < tokens.size() && isChar(buffer, tokens.get(j), '.')
                && isName(tokens.get(j + 1))) {
            schema = name;
            name = tokens.get(j + 1).text(buffer);
            j += 2;
        }
        String alias = null;
        if (j < tokens.size() && tokens.get(j).kind() == SqlLexer.Kind.WORD
                && upper(buffer, tokens.get(j)).equals("AS")) {
            j++;
        }
        if (j < tokens.size() && isName(tokens.get(j)) && !isReserved(buffer, tokens.get(j))
                && !SqlKeywords.ALL.contains(upper(buffer, tokens.get(j)))) {
            alias = tokens.get(j).text(buffer);
            j++;
        }
        refs.add(new TableRef(schema, name, alias));
        return j;
    }

    private static int skipAlias(String buffer, List<SqlLexer.Token> tokens, int j) {
        if (j < tokens.size() && tokens.get(j).kind() == SqlLexer.Kind.WORD
                && upper(buffer, tokens.get(j)).equals("AS")) {
            j++;
        }
        if (j < tokens.size() && isName(tokens.get(j)) && !isReserved(buffer, tokens.get(j))) {
            j++;
        }
        return j;
    }

    private static boolean isLowerCase(String buffer, String prefix,
                                       List<SqlLexer.Token> before) {
        String letters = prefix.startsWith("\"") ? "" : prefix;
        if (letters.chars().anyMatch(Character::isLetter)) {
            return letters.equals(letters.toLowerCase(Locale.ROOT));
        }
        for (int i = before.size() - 1; i >= 0; i--) {
            if (before.get(i).kind() == SqlLexer.Kind.WORD) {
                String w = before.get(i).text(buffer);
                return w.equals(w.toLowerCase(Locale.ROOT));
            }
        }
        return false;
    }

    private static boolean isName(SqlLexer.Token t) {
        return t.kind() == SqlLexer.Kind.WORD || t.kind() == SqlLexer.Kind.QUOTED_NAME;
    }

    private static boolean isReserved(String buffer, SqlLexer.Token t) {
        return t.kind() == SqlLexer.Kind.WORD && SqlKeywords.RESERVED.contains(upper(buffer, t));
    }

    private static boolean isChar(String buffer, SqlLexer.Token t, char ch) {
        return t.kind() == SqlLexer.Kind.OPERATOR && buffer.charAt(t.start()) == ch;
    }

    private static String upper(String buffer, SqlLexer.Token t) {
        return t.text(buffer).toUpperCase(Locale.ROOT);
    }
}
