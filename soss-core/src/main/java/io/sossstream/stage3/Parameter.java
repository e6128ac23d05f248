package io.sossstream.stage3;

import io.sossstream.error.BadInputException;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One user-facing Stage 3 parameter, declared once in {@link Stage3Parameters}: its one name, the values it
 * allows, its default, one sentence of doc and its one parser. Every place a user can set it spells the name
 * mechanically from {@link #name()} ({@link Place}) and parses the text with {@link #parse}, so a bad value gets the
 * same message everywhere.
 *
 * @param <T> the parsed type (a boxed number, {@link Boolean}, {@link String}, an enum, {@link ApertureWidth})
 */
public final class Parameter<T> {
    /** Where a parameter can be set, and how its name is spelt there. */
    public enum Place {
        /** {@code bin/soss-stream run --width-order1 30}. */
        CLI,
        /** Per-observation {@code soss-config.json}: {@code {"widthOrder1": 30}}. */
        CONFIG,
        /** Service defaults: property {@code soss.width-order1} (environment variable {@code SOSS_WIDTH_ORDER1}). */
        SERVICE;

        /** The parameter's name as written in this place. */
        public String spell(Parameter<?> p) {
            return switch (this) {
                case CLI -> "--" + p.kebabName();
                case CONFIG -> p.name();
                case SERVICE -> "soss." + p.kebabName();
            };
        }
    }

    /**
     * A header card of the product that records the parameter's requested value.
     *
     * @param whenUnset the card's value when the parameter is unset (e.g. {@code order1}), null for an undefined
     *                  value
     */
    public record Card(String keyword, String comment, String whenUnset) {
    }

    private final String name;
    private final Class<T> type;
    private final String allowed;
    private final T defaultValue;
    private final String example;
    private final String doc;
    private final Function<String, T> parser;
    private final String legacyFlag;
    private final Card card;
    private final boolean file;

    private Parameter(String name, Class<T> type, String allowed, T defaultValue, String example, String doc,
                      Function<String, T> parser, String legacyFlag, Card card, boolean file) {
        this.name = name;
        this.type = type;
        this.allowed = allowed;
        this.defaultValue = defaultValue;
        this.example = example;
        this.doc = doc;
        this.parser = parser;
        this.legacyFlag = legacyFlag;
        this.card = card;
        this.file = file;
    }

    /**
     * @param name    the one name, lower camel case ({@code widthOrder1}); the config key as is, the CLI flag and
     *                service property in kebab case
     * @param allowed the allowed values as a user reads them ({@code "1…200 or optimize"}); also the error text
     * @param parser  text → value; throws {@link IllegalArgumentException} for a value outside {@code allowed}
     * @param dflt    value when nobody sets it; null = unset (the parameter's doc says what unset means)
     * @param example an allowed value other than the default (docs; the block's test sets it everywhere)
     */
    static <T> Parameter<T> of(String name, Class<T> type, String allowed, Function<String, T> parser, T dflt,
                               String example, String doc) {
        return new Parameter<>(name, type, allowed, dflt, example, doc, parser, null, null, false);
    }

    /** An enum parameter: its constants' names, case-insensitive. */
    static <E extends Enum<E>> Parameter<E> choice(String name, Class<E> type, E dflt, String doc) {
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : " or ").append(e.name().toLowerCase(Locale.ROOT));
        }
        E[] all = type.getEnumConstants();
        String example = (all[all.length - 1] == dflt ? all[0] : all[all.length - 1]).name().toLowerCase(Locale.ROOT);
        return of(name, type, allowed.toString(), t -> Enum.valueOf(type, t.toUpperCase(Locale.ROOT)), dflt, example,
                doc);
    }

    /** A real number in {@code [min, max]}. */
    static Parameter<Double> number(String name, double min, double max, Double dflt, String example, String doc) {
        return of(name, Double.class, "a number from " + plain(min) + " to " + plain(max), t -> {
            double v = Double.parseDouble(t);
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        }, dflt, example, doc);
    }

    /** An integer in {@code [min, max]}. */
    static Parameter<Integer> integer(String name, int min, int max, Integer dflt, String example, String doc) {
        return of(name, Integer.class, "an integer from " + min + " to " + max, t -> {
            int v = Integer.parseInt(t);
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        }, dflt, example, doc);
    }

    /** {@code true} or {@code false} (a bare CLI flag means true). */
    static Parameter<Boolean> flag(String name, boolean dflt, String doc) {
        return of(name, Boolean.class, "true or false", t -> switch (t.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean");
        }, dflt, Boolean.toString(!dflt), doc);
    }

    /** Free text (a file, a key, a tag); blank is refused. */
    static Parameter<String> text(String name, String allowed, String dflt, String example, String doc) {
        return of(name, String.class, allowed, t -> {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("blank");
            }
            return t;
        }, dflt, example, doc);
    }

    /**
     * A file or folder: a local path for {@code run}, a key (prefix) of the models bucket for the services. The batch
     * run maps local paths onto its models bucket, so the steps read both the same way.
     */
    static Parameter<String> file(String name, String what, String example, String doc) {
        Parameter<String> p = text(name, what + ": a path (run) or a key of the models bucket (services)", null,
                example, doc);
        return new Parameter<>(p.name, p.type, p.allowed, null, example, doc, p.parser, null, null, true);
    }

    /** Text matching {@code regex} (whole), e.g. a tag that becomes part of a file name. */
    static Parameter<String> matching(String name, String regex, String allowed, String dflt, String example,
                                      String doc) {
        return of(name, String.class, allowed, t -> {
            if (!t.matches(regex)) {
                throw new IllegalArgumentException("does not match " + regex);
            }
            return t;
        }, dflt, example, doc);
    }

    /** The same parameter, recorded in the product header under {@code keyword}. */
    Parameter<T> recordedAs(String keyword, String comment, String whenUnset) {
        return new Parameter<>(name, type, allowed, defaultValue, example, doc, parser, legacyFlag,
                new Card(keyword, comment, whenUnset), file);
    }

    /** The same parameter, also accepted on the command line under an older flag (scripts keep working). */
    Parameter<T> alsoFlag(String oldFlag) {
        return new Parameter<>(name, type, allowed, defaultValue, example, doc, parser, oldFlag, card, file);
    }

    /**
     * The one parser: trims {@code text} and parses it.
     *
     * @param where the parameter's spelling in the place it was set, or a file/object that set it
     * @throws BadInputException {@code "<where>: <name> must be <allowed>, not '<text>'"}
     */
    public T parse(String text, Place place, String where) {
        String t = text == null ? "" : text.trim();
        try {
            T v = parser.apply(t);
            if (v == null) {
                throw new IllegalArgumentException("no value");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where, place.spell(this) + " must be " + allowed + ", not '" + t + "'", e);
        }
    }

    /** A value as text that {@link #parse} reads back to the same value. */
    public String format(Object value) {
        return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(value);
    }

    /** The value cast to this parameter's type. */
    public T cast(Object value) {
        return type.cast(value);
    }

    public String name() {
        return name;
    }

    /** {@code widthOrder1} → {@code width-order1}. */
    public String kebabName() {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment-variable form of the service property (MicroProfile Config: upper case, '.' and '-' → '_'). */
    public String envName() {
        return Place.SERVICE.spell(this).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public Class<T> type() {
        return type;
    }

    public String allowed() {
        return allowed;
    }

    /** The default, or null when the parameter is unset by default. */
    public T defaultValue() {
        return defaultValue;
    }

    /** An allowed value other than the default, as text. */
    public String example() {
        return example;
    }

    public String doc() {
        return doc;
    }

    /** An older CLI flag (without "--") also accepted for this parameter, or null. */
    public String legacyFlag() {
        return legacyFlag;
    }

    /** The product header card recording the value ({@link Stage3Parameters} declares one for each). */
    public Card card() {
        return card;
    }

    /** Whether the value names a file or folder ({@link #file}). */
    public boolean isFile() {
        return file;
    }

    /** Whether the CLI spells it as a bare flag ({@code --flux-calibrate}). */
    public boolean isFlag() {
        return type == Boolean.class;
    }

    @Override
    public String toString() {
        return name;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameter<?> p && p.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
