package io.sossstream.stage3;

import io.sossstream.error.BadInputException;
import io.sossstream.spectra.SpectraFitsWriter;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's frozen parameter block in the product's primary header, as exoTEDRF records its step parameters: one
 * short keyword per parameter of {@link Stage3Parameters} (declared with it, {@link Parameter#card()}), in block
 * order, the comment naming the parameter. A parameter that is unset has an undefined value (FITS 4.0 §4.1.2.3),
 * unless its declaration names what unset means ({@code WIDTH2OP = 'order1'}). {@link #read} turns a header back
 * into the parameters, so a product tells how to reproduce it.
 */
public final class ParameterCards {
    private ParameterCards() {
    }

    /** One card per parameter, in block order. */
    public static List<SpectraFitsWriter.Card> of(Stage3Options options) {
        List<SpectraFitsWriter.Card> cards = new ArrayList<>();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            cards.add(card(p, options));
        }
        return cards;
    }

    /** The card that records {@code p}'s value in {@code options} (its default when not set). */
    static SpectraFitsWriter.Card card(Parameter<?> p, Stage3Options options) {
        Parameter.Card c = p.card();
        Object v = options.get(p);
        Object value = v == null ? c.whenUnset()
                : v instanceof Number || v instanceof Boolean ? v : p.format(v);
        return new SpectraFitsWriter.Card(c.keyword(), value, comment(p));
    }

    /** {@code widthOrder1: requested order-1 width}: the parameter's one name, then what the card holds. */
    static String comment(Parameter<?> p) {
        return p.name() + ": " + p.card().comment();
    }

    /**
     * The parameters a product was made with, every one set explicitly (what {@link Stage3Options#resolved()}
     * gives for the run's options).
     *
     * @param source the product, for messages
     * @throws BadInputException naming {@code source} when a parameter's card is missing or holds a value the
     *                           parameter does not allow
     */
    public static Stage3Options read(Header header, String source) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Parameter<?> p : Stage3Parameters.ALL) {
            String keyword = p.card().keyword();
            HeaderCard card = header.findCard(keyword);
            if (card == null) {
                throw new BadInputException(source, "no " + keyword + " (" + p.name() + ") card in the header");
            }
            String text = null; // an undefined value: unset
            if (card.isStringValue()) {
                text = card.getValue();
            } else if (!card.getValue().isEmpty()) {
                // FITS logicals are T/F; the parameter reads true/false
                text = card.valueType() == Boolean.class ? Boolean.toString(card.getValue(Boolean.class, false))
                        : card.getValue();
            }
            if (text != null && !text.equals(p.card().whenUnset())) {
                texts.put(p.name(), text);
            }
        }
        return Stage3Options.parse(texts, Parameter.Place.CONFIG, source + " header");
    }
}
