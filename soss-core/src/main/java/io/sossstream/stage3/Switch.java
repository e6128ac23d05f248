package io.sossstream.stage3;

/** An on/off setting. */
public enum Switch {
    ON,
    OFF;

    public boolean on() {
        return this == ON;
    }
}
