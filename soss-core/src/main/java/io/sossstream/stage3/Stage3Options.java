package io.sossstream.stage3;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.SegmentValidator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.sossstream.stage3.Stage3Parameters.FEH;
import static io.sossstream.stage3.Stage3Parameters.LOGG;
import static io.sossstream.stage3.Stage3Parameters.OUTPUT_TAG;
import static io.sossstream.stage3.Stage3Parameters.STELLAR_TEMPLATE;
import static io.sossstream.stage3.Stage3Parameters.TEFF;

/**
 * Values of the {@link Stage3Parameters} block: the parameters someone set (command line, per-observation config,
 * service defaults); every other parameter reads as its declared default. Immutable; {@link #with} and
 * {@link #overriddenBy} make changed copies. The same options give the same output bytes in the batch run and the
 * stream.
 */
public final class Stage3Options {
    /** Which segments the observation's profile is built from ({@link Stage3Parameters#PROFILE_FROM}). */
    public enum ProfileSegments { REFERENCE, ALL }

    private static final Stage3Options DEFAULTS = new Stage3Options(Map.of());

    /** Set parameters in block order. */
    private final Map<Parameter<?>, Object> set;

    private Stage3Options(Map<Parameter<?>, Object> set) {
        Map<Parameter<?>, Object> ordered = new LinkedHashMap<>();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            if (set.containsKey(p)) {
                ordered.put(p, set.get(p));
            }
        }
        this.set = Collections.unmodifiableMap(ordered);
    }

    /** Nothing set: every parameter at its declared default (exoTEDRF-like). */
    public static Stage3Options defaults() {
        return DEFAULTS;
    }

    /**
     * Parses parameter values given as text under their names in {@code place}, each with its parameter's one
     * parser.
     *
     * @param texts  spelling in {@code place} → text (a bare CLI flag is {@code "true"})
     * @param source what set them, for messages: {@code "command line"}, a config file or object, {@code "service
     *               configuration"}
     * @throws BadInputException naming {@code source}: an unknown name, or a value the parameter does not allow
     */
    public static Stage3Options parse(Map<String, String> texts, Parameter.Place place, String source) {
        Map<Parameter<?>, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            Parameter<?> p = Stage3Parameters.find(place, e.getKey()).orElseThrow(() -> new BadInputException(source,
                    "unknown parameter '" + e.getKey() + "'; known: " + known(place)));
            if (e.getValue() != null) {
                values.put(p, p.parse(e.getValue(), place, source));
            }
        }
        return new Stage3Options(values);
    }

    /**
     * Reads every parameter of the block from a settings source under its name in {@code place}, e.g. the
     * services' MicroProfile Config ({@code soss.width-order1}, or {@code SOSS_WIDTH_ORDER1} in the environment).
     *
     * @param lookup spelling → text, empty when not set
     */
    public static Stage3Options fromSettings(Function<String, Optional<String>> lookup, Parameter.Place place,
                                             String source) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            lookup.apply(place.spell(p)).ifPresent(v -> texts.put(place.spell(p), v));
        }
        return parse(texts, place, source);
    }

    private static String known(Parameter.Place place) {
        StringBuilder b = new StringBuilder();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            b.append(b.length() == 0 ? "" : ", ").append(place.spell(p));
        }
        return b.toString();
    }

    /** The value of {@code p}: as set, else its declared default (null = unset, see the parameter's doc). */
    public <T> T get(Parameter<T> p) {
        return set.containsKey(p) ? p.cast(set.get(p)) : p.defaultValue();
    }

    /** Whether someone set {@code p} (rather than it reading as its default). */
    public boolean isSet(Parameter<?> p) {
        return set.containsKey(p);
    }

    /** The parameters someone set, in block order. */
    public Map<Parameter<?>, Object> setValues() {
        return set;
    }

    /** The parameters someone set, as text under their names in {@code place} (what {@link #parse} reads back). */
    public Map<String, String> toTexts(Parameter.Place place) {
        Map<String, String> out = new LinkedHashMap<>();
        set.forEach((p, v) -> out.put(place.spell(p), p.format(v)));
        return out;
    }

    /** A copy with {@code p} set to {@code value} ({@code null} = unset, back to its default). */
    public <T> Stage3Options with(Parameter<T> p, T value) {
        Map<Parameter<?>, Object> copy = new LinkedHashMap<>(set);
        if (value == null) {
            copy.remove(p);
        } else {
            copy.put(p, p.cast(value));
        }
        return new Stage3Options(copy);
    }

    /**
     * Every parameter with a value, set explicitly: what an observation is frozen to, so that a later change of a
     * service default (or of a declared default) cannot change an observation half-way.
     */
    public Stage3Options resolved() {
        Map<Parameter<?>, Object> all = new LinkedHashMap<>();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            Object v = get(p);
            if (v != null) {
                all.put(p, v);
            }
        }
        return new Stage3Options(all);
    }

    /** This block with every parameter {@code over} sets replacing ours (service defaults ← observation config). */
    public Stage3Options overriddenBy(Stage3Options over) {
        if (over == null) {
            return this;
        }
        Map<Parameter<?>, Object> merged = new LinkedHashMap<>(set);
        merged.putAll(over.set);
        return new Stage3Options(merged);
    }

    /**
     * Checks the rules that tie parameters together: teff, logg and feh go together, and not with a stellar
     * template.
     *
     * @throws BadInputException naming {@code source}
     */
    public Stage3Options checkConsistent(Parameter.Place place, String source) {
        int phoenix = (isSet(TEFF) ? 1 : 0) + (isSet(LOGG) ? 1 : 0) + (isSet(FEH) ? 1 : 0);
        if (phoenix != 0 && phoenix != 3) {
            throw new BadInputException(source, place.spell(TEFF) + ", " + place.spell(LOGG) + " and "
                    + place.spell(FEH) + " go together");
        }
        if (phoenix == 3 && isSet(STELLAR_TEMPLATE)) {
            throw new BadInputException(source, "use either PHOENIX parameters (" + place.spell(TEFF) + " ...) or "
                    + place.spell(STELLAR_TEMPLATE) + ", not both");
        }
        return this;
    }

    /** Whether a stellar model (PHOENIX parameters or a template) is configured for wavelength refinement. */
    public boolean hasStellarModel() {
        return get(STELLAR_TEMPLATE) != null || (get(TEFF) != null && get(LOGG) != null && get(FEH) != null);
    }

    /** Product file name {@code <TARGNAME>_box_spectra_fullres[_tag].fits}. */
    public String productName(String targetName) {
        String target = targetName == null || targetName.isBlank() ? "target" : SegmentValidator.fileNamePart(targetName);
        String tag = get(OUTPUT_TAG) == null ? "" : "_" + get(OUTPUT_TAG);
        String method = get(Stage3Parameters.EXTRACT_METHOD).name().toLowerCase(java.util.Locale.ROOT);
        return target + "_" + method + "_spectra_fullres" + tag + ".fits";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stage3Options other && other.set.equals(set);
    }

    @Override
    public int hashCode() {
        return set.hashCode();
    }

    @Override
    public String toString() {
        return toTexts(Parameter.Place.CONFIG).toString();
    }
}
