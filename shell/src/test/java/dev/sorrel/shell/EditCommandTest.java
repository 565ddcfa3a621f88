package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code \e} hands the last statement to the editor and puts the result at the prompt. */
class EditCommandTest {

    @TempDir
    Path dir;

    @Test
    @DisabledOnOs(OS.WINDOWS) // the stand-in editor is a shell script
    void editsTheLastStatementThenRunsItOnEnter() throws Exception {
        Path editor = dir.resolve("editor.sh");
        // The editor checks it got the last statement, and replaces it.
        Files.writeString(editor, "#!/bin/sh\ngrep -q 'select 1 as n;' \"$1\" || exit 3\n"
                + "printf 'select 42 as answer;\\n' > \"$1\"\n");
        assertTrue(editor.toFile().setExecutable(true));
        String input = "select 1 as n;\n\\e\n\n\\q\n";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try (Connection connection = DriverManager.getConnection("jdbc:sorrel:mem:edit");
             Terminal terminal = new ExternalTerminal("test", "dumb",
                     new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen,
                     StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(100, 30));
            new Repl(connection, new ShellSettings().timing(false), "jdbc:sorrel:mem:edit", false)
                    .historyFile(dir.resolve("history")).editor(editor.toString())
                    .loop(terminal, new PrintWriter(err));
        }
        assertEquals("", err.toString());
        String text = screen.toString(StandardCharsets.UTF_8).replace("\r", "");
        assertTrue(text.contains(" N\n---\n 1\n"), text);
        assertTrue(text.contains(" ANSWER\n--------\n     42\n"), text);
        assertTrue(Repl.editArgument("\\e") != null && Repl.editArgument("\\echo on") == null);
    }
}
