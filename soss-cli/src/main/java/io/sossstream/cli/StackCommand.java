package io.sossstream.cli;

import io.sossstream.localstack.StackControl;
import io.sossstream.localstack.StackPaths;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code soss-stream stack up|status|down}: the embedded local stack on loopback. */
final class StackCommand {
    private final PrintStream out;

    StackCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    int execute(String[] argv) {
        Args a = Args.parse(argv, 0, Set.of("dir"), Set.of());
        if (a.positionals.size() != 1) {
            throw new Args.UsageException("stack needs one of: up, status, down");
        }
        Path dir = a.get("dir") == null ? StackPaths.defaultStateDir() : Path.of(a.get("dir"));
        ClientLogs.toStackLogs(dir);
        String text = switch (a.positionals.get(0)) {
            case "up" -> StackControl.up(dir);
            case "status" -> StackControl.status(dir);
            case "down" -> StackControl.down(dir);
            default -> throw new Args.UsageException("stack needs one of: up, status, down");
        };
        out.println(text);
        return Main.OK;
    }
}
