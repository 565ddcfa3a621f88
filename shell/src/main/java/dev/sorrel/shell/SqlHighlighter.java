package dev.sorrel.shell;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colors SQL while it is typed: keywords bold blue, strings green, numbers cyan, comments
 * dim, quoted names yellow, meta commands magenta. The REPL uses it only on a terminal that
 * has colors, and never with {@code --no-color} or {@code NO_COLOR} set.
 */
final class SqlHighlighter implements Highlighter {

    static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint().italic();
    static final AttributedStyle QUOTED_NAME =
            AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle META = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        return highlight(buffer);
    }

    /** The highlighted form of {@code buffer}. */
    AttributedString highlight(String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder(buffer.length() + 32);
        String stripped = buffer.stripLeading();
        if (stripped.startsWith("\\")) {
            // A meta command: its name colored, its arguments as typed.
            int start = buffer.length() - stripped.length();
            int end = start;
            while (end < buffer.length() && !Character.isWhitespace(buffer.charAt(end))) {
                end++;
            }
            sb.append(buffer.substring(0, start));
            sb.styled(META, buffer.substring(start, end));
            sb.append(buffer.substring(end));
            return sb.toAttributedString();
        }
        for (SqlLexer.Token t : SqlLexer.tokenize(buffer)) {
            String text = t.text(buffer);
            AttributedStyle style = switch (t.kind()) {
                case WORD -> isKeyword(text) ? KEYWORD : null;
                case STRING -> STRING;
                case NUMBER -> NUMBER;
                case COMMENT -> COMMENT;
                case QUOTED_NAME -> QUOTED_NAME;
                default -> null;
            };
            if (style == null) {
                sb.append(text);
            } else {
                sb.styled(style, text);
            }
        }
        return sb.toAttributedString();
    }

    private static boolean isKeyword(String word) {
        return SqlKeywords.ALL.contains(word.toUpperCase(Locale.ROOT));
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
        // no error highlighting while typing
    }

    @Override
    public void setErrorIndex(int errorIndex) {
        // no error highlighting while typing
    }
}
