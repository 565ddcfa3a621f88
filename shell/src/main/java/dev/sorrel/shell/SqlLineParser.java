package dev.sorrel.shell;

import java.util.List;
import java.util.Locale;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine when the typed buffer is a complete input: Enter inside an unfinished
 * statement (no {@code ;} yet, or an open quote or comment) throws {@link EOFError}, which
 * makes JLine insert a newline and show the continuation prompt instead of returning.
 * Multi-line statements are thus edited, recalled from history and cancelled with Ctrl-C
 * as one unit.
 */
final class SqlLineParser implements Parser {

    /** Word splitting for everything but completion; backslash is not an escape in SQL. */
    private final DefaultParser words = new DefaultParser().escapeChars(new char[0]);

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) throws SyntaxError {
        if (context == ParseContext.ACCEPT_LINE && !isReady(line)) {
            throw new EOFError(-1, -1, "statement not terminated", ";");
        }
        if (context == ParseContext.COMPLETE) {
            // The word Tab replaces is the name being typed, as the completer sees it: the
            // part after "alias." or inside a string's quote, which whitespace splitting
            // would not find.
            return new CompletionLine(line, cursor, CompletionContext.word(line, cursor));
        }
        return words.parse(line, cursor, context);
    }

    /** The parsed line of a completion: the whole buffer as one word being typed. */
    private record CompletionLine(String line, int cursor, String word) implements ParsedLine {

        @Override
        public int wordCursor() {
            return word.length();
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word);
        }
    }

    @Override
    public boolean isEscapeChar(char ch) {
        return false; // keep backslashes of meta commands and SQL literals as typed
    }

    /** Whether the REPL should run {@code buffer} now rather than wait for more lines. */
    static boolean isReady(String buffer) {
        return isQuitWord(buffer) || StatementSplitter.isComplete(buffer);
    }

    /**
     * Returns whether {@code buffer} is just {@code quit} or {@code exit}, which newcomers
     * type to leave (psql accepts them too); they are not SQL, so no {@code ;} is needed.
     */
    static boolean isQuitWord(String buffer) {
        String word = buffer.strip().toLowerCase(Locale.ROOT);
        if (word.endsWith(";")) {
            word = word.substring(0, word.length() - 1).strip();
        }
        return word.equals("quit") || word.equals("exit");
    }
}
