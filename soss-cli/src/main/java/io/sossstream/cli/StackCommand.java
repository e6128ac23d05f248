package io.sossstream.cli;

import io.sossstream.localstack.StackControl;
import io.sossstream.localstack.StackPaths;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code soss-stream stack up|restart <component>|status|down}: the embedded local stack on loopback. */
final class StackCommand {
    private final PrintStream out;

    StackCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    int execute(String[] argv) {
        Args a = Args.parse(argv, 0, Set.of("dir"), Set.of());
        String action = a.positionals.isEmpty() ? "" : a.positionals.get(0);
        if (a.positionals.size() != (action.equals("restart") ? 2 : 1)) {
            throw new Args.UsageException("stack needs one of: up, restart <component>, status, down");
        }
        Path dir = a.get("dir") == null ? StackPaths.defaultStateDir() : Path.of(a.get("dir"));
        ClientLogs.toStackLogs(dir);
        String text = switch (action) {
            case "up" -> StackControl.up(dir);
            case "restart" -> restart(dir, a.positionals.get(1));
            case "status" -> StackControl.status(dir);
            case "down" -> StackControl.down(dir);
            default -> throw new Args.UsageException("stack needs one of: up, restart <component>, status, down");
        };
        out.println(text);
        return Main.OK;
    }

    private static String restart(Path dir, String component) {
        try {
            return StackControl.restart(dir, component);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }
}
