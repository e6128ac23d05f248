package io.sossstream.cli;

import io.sossstream.error.BadInputException;
import io.sossstream.localstack.LocalStack;
import io.sossstream.localstack.StackPaths;
import io.sossstream.redrive.DeadLetter;
import io.sossstream.redrive.Redrive;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * {@code soss-stream redrive --observation ID | --all [--bootstrap HOST:PORT] [--client-config FILE]}: re-publishes
 * dead-lettered records to their original topics once the cause is fixed ({@link Redrive}). Without
 * {@code --bootstrap}, the local stack's broker.
 */
final class RedriveCommand {
    private final PrintStream out;

    RedriveCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    int execute(String[] argv) {
        Args a = Args.parse(argv, 0, Set.of("observation", "bootstrap", "client-config", "dir"), Set.of("all"));
        if (!a.positionals.isEmpty() || a.flag("all") == (a.get("observation") != null)) {
            throw new Args.UsageException("redrive needs either --observation ID or --all");
        }
        Path dir = a.get("dir") == null ? StackPaths.defaultStateDir() : Path.of(a.get("dir"));
        ClientLogs.toStackLogs(dir);
        String bootstrap = a.get("bootstrap") != null ? a.get("bootstrap") : LocalStack.attach(dir).bootstrapServers();
        Properties client = a.get("client-config") == null ? new Properties() : load(Path.of(a.get("client-config")));
        Optional<String> observation = Optional.ofNullable(a.get("observation"));

        Redrive.Report report = new Redrive(bootstrap, client).run(observation);
        for (DeadLetter d : report.redriven()) {
            out.println("redriven " + d.topic() + " " + d.key() + " (dead-lettered: " + d.reason() + ")");
        }
        for (DeadLetter d : report.skipped()) {
            out.println("skipped " + d.key() + ": its topic " + d.topic() + " is not one the services consume");
        }
        out.println("redrove " + report.redriven().size() + " record(s) of " + observation.orElse("every observation")
                + " (" + report.deadLetters() + " dead letter(s) in the topic)");
        return Main.OK;
    }

    /** Kafka client settings (security.protocol, sasl.*, ssl.*) in Java properties format. */
    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read the --client-config file: " + e.getMessage(), e);
        }
        return p;
    }
}
