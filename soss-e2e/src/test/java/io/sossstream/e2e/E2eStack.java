package io.sossstream.e2e;

import io.sossstream.localstack.LocalStack;

import java.nio.file.Path;

/**
 * The one stack the end-to-end tests share (starting four Quarkus services takes a while): broker, S3Proxy and the
 * four packaged services on free ports, state under {@code target/e2e-stack}; stopped when the test JVM exits.
 */
final class E2eStack {
    private static LocalStack stack;

    private E2eStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            long t0 = System.nanoTime();
            Path dir = Path.of("target/e2e-stack-" + ProcessHandle.current().pid()).toAbsolutePath();
            LocalStack s = LocalStack.startForTests(dir);
            long t1 = System.nanoTime();
            s.startServices();
            System.out.printf("e2e: broker + S3Proxy up in %.1f s, four services ready in %.1f s more (%s)%n",
                    (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, dir);
            stack = s;
        }
        return stack;
    }
}
