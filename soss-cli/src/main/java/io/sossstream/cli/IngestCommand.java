package io.sossstream.cli;

import io.sossstream.ingest.Ingestion;
import io.sossstream.localstack.StackPaths;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code soss-stream ingest}: uploads segments to the running stack's raw bucket and announces them. */
final class IngestCommand {
    private final PrintStream out;

    IngestCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    int execute(String[] argv) {
        Args a = Args.parse(argv, 0, Set.of("config", "folder", "dir"), Set.of("watch"));
        if (a.positionals.isEmpty()) {
            throw new Args.UsageException("ingest needs <dir or files>");
        }
        Path dir = a.get("dir") == null ? StackPaths.defaultStateDir() : Path.of(a.get("dir"));
        ClientLogs.toStackLogs(dir);
        List<Path> paths = a.positionals.stream().map(Path::of).toList();
        int n = Ingestion.run(dir, paths, a.get("folder"),
                a.get("config") == null ? null : Path.of(a.get("config")), a.flag("watch"), out);
        out.println("ingested " + n + " segment(s)");
        return Main.OK;
    }
}
