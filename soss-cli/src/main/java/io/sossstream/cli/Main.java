package io.sossstream.cli;

import io.sossstream.error.BadInputException;
import io.sossstream.error.RetriableException;
import io.sossstream.stage3.Parameter;
import io.sossstream.stage3.Stage3Parameters;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code bin/soss-stream}: Stage 3 of NIRISS/SOSS time series in one process, the observation simulator, the
 * benchmark, and the embedded local stack (Kafka + S3Proxy + the four services).
 *
 * <p>Exit codes: 0 success, 1 internal error, 2 bad usage, 3 bad input (the message names the file and the problem).
 */
public final class Main {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int BAD_INPUT = 3;

    static final String USAGE_TEXT = """
            usage: soss-stream <command> [options]

              run       --input <dir or files...> --out <dir> [--<parameter> VALUE ...]
                        Stage 3 box extraction: spectra FITS, centroids CSV, diagnostic plots.
                        parameters (docs/configuration.md):
                        %s
              specprofile --input <dir or files...> --out <dir> [--profile-from reference|all]
                        [--centroids-file FILE]
                        The empirical spatial profile of orders 1-3 (APPLESOSS, exoTEDRF's SpecProfileStep):
                        APPLESOSS_ref_2D_profile_<SUBARRAY>_os1_pad20.fits and a PNG of it.
              simulate  --out <dir> [--segments N] [--ints-per-segment N] [--seed S] [--frame FILE.npy|FILE.fits]
                        [--x-shift PX] [--jitter PX] [--int-time SECONDS]
                        Simulated stage-2 segments of a transit, with the injected truth.
              bench     [--ints N] [--dir DIR]   throughput and peak heap of read+extract and width optimisation
              bench --whole [--ints 60,537] [--runs 3]  whole run vs exoTEDRF's box path and cat, memory
              stack     up|status|down            the embedded local stack (Kafka KRaft, S3Proxy, 4 services);
                        up starts only what is down
              stack     restart kafka|s3proxy|<service>   restart one component, the others keep running
              ingest    <dir or files...> [--watch] [--config FILE]   upload segments and announce them
              redrive   --observation ID | --all [--bootstrap HOST:PORT] [--client-config FILE]
                        re-publish dead-lettered records to their topics once the cause is fixed
                        (default: the local stack's broker)
              demo      [--out DIR] [--segments N] [--ints-per-segment N] [--timeout S]
                        stack up (with the services), simulate, ingest, wait for spectra-ready, download the
                        products and plots to ./soss-demo-output
            """.formatted(parameterFlags());

    private Main() {
    }

    /** The run command's parameter flags, from the one parameter block, wrapped under the usage text. */
    private static String parameterFlags() {
        StringBuilder b = new StringBuilder();
        int column = 0;
        for (Parameter<?> p : Stage3Parameters.ALL) {
            String flag = Parameter.Place.CLI.spell(p) + (p.isFlag() ? "" : " V");
            if (column > 0 && column + flag.length() > 90) {
                b.append("\n").append(" ".repeat(12));
                column = 0;
            } else if (column > 0) {
                b.append(' ');
            }
            b.append(flag);
            column += flag.length() + 1;
        }
        return b.toString();
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs a command and returns its exit code (tests call this directly). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help") || argv[0].equals("-h")) {
            (argv.length == 0 ? err : out).print(USAGE_TEXT);
            return argv.length == 0 ? USAGE : OK;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        try {
            return switch (argv[0]) {
                case "run" -> new RunCommand(out, err).execute(rest);
                case "specprofile" -> new SpecProfileCommand(out, err).execute(rest);
                case "simulate" -> new SimulateCommand(out, err).execute(rest);
                case "bench" -> new BenchCommand(out, err).execute(rest);
                case "stack" -> new StackCommand(out, err).execute(rest);
                case "ingest" -> new IngestCommand(out, err).execute(rest);
                case "redrive" -> new RedriveCommand(out, err).execute(rest);
                case "demo" -> new DemoCommand(out, err).execute(rest);
                default -> throw new Args.UsageException("unknown command '" + argv[0] + "'");
            };
        } catch (Args.UsageException e) {
            err.println("soss-stream: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (BadInputException e) {
            err.println("soss-stream: bad input: " + e.getMessage());
            return BAD_INPUT;
        } catch (RetriableException e) {
            err.println("soss-stream: " + e.getMessage() + " (transient; try again)");
            return INTERNAL_ERROR;
        } catch (IllegalStateException e) {
            // The environment is not ready (stack down, libraries not built): say what to do, no stack trace.
            err.println("soss-stream: " + e.getMessage());
            return INTERNAL_ERROR;
        } catch (Exception e) {
            err.println("soss-stream: internal error: " + e);
            e.printStackTrace(err);
            return INTERNAL_ERROR;
        }
    }
}
