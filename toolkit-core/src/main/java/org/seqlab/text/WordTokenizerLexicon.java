package org.seqlab.text;

import java.util.Set;

/** The word lists behind the tokenizer's and the sentence splitter's rules (UD English conventions). */
final class WordTokenizerLexicon {
    private WordTokenizerLexicon() {
    }

    /** Abbreviations that keep their period (as written; a lower-case form is also tried). */
    static final Set<String> ABBREVIATIONS = Set.of(
            "Mr", "Mrs", "Ms", "Messrs", "Dr", "Drs", "PS", "Prof", "St", "Jr", "Sr", "Rev", "Gen", "Lt", "Col", "Capt", "Cpt", "Sgt",
            "Maj", "Adm", "Gov", "Sen", "Rep", "Pres", "Hon", "Fr", "Mt", "Ft", "Ave", "Blvd", "Rd", "Hwy", "Dept",
            "Univ", "Inc", "Corp", "Co", "Ltd", "Bros", "Assn", "Intl", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
            "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri",
            "Sat", "Sun", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
            "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Penn",
            "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "vs", "etc", "approx", "appt", "apt", "est", "fig",
            "figs", "no", "nos", "vol", "vols", "pp", "ca", "cf", "al", "viz", "dept", "ext", "min", "max", "misc",
            "sq", "ft", "oz", "lb", "lbs", "hr", "hrs", "Ph", "ie", "eg", "Attn", "Conf", "Para", "Tel", "Spec",
            "arrv", "lv");

    /** Prefixes after which UD English keeps a hyphenated word whole ({@code e-mail}, {@code non-profit}). */
    static final Set<String> HYPHEN_PREFIXES = Set.of(
            "e", "non", "mid", "pre", "anti", "re", "post", "co", "pro", "multi", "ex", "sub", "semi", "neo", "over",
            "cross", "inter", "intra", "counter", "ultra", "quasi", "bi", "tri", "de", "un", "mis");

    /** Titles and the like: their period never ends a sentence ("Mr. Smith", "No. 5", "vs. them"). */
    static final Set<String> TITLES = Set.of(
            "mr.", "mrs.", "ms.", "messrs.", "dr.", "drs.", "ps.", "p.s.", "prof.", "rev.", "gen.", "lt.", "col.", "capt.", "cpt.", "sgt.",
            "maj.", "adm.", "gov.", "sen.", "rep.", "pres.", "hon.", "fr.", "st.", "mt.", "ft.", "vs.", "fig.",
            "figs.", "vol.", "vols.", "pp.", "cf.", "ca.", "approx.", "ph.d.", "e.g.", "i.e.", "viz.", "ave.", "blvd.");

    /** Words that often open a sentence after an abbreviation's period ("etc. The"). */
    static final Set<String> OPENERS = Set.of(
            "The", "A", "An", "I", "It", "He", "She", "We", "They", "You", "This", "That", "These", "Those", "There",
            "But", "And", "So", "Or", "If", "In", "On", "At", "As", "For", "What", "When", "Where", "Why", "How",
            "Who", "My", "Our", "Your", "His", "Her", "Their", "Its", "Please", "Thanks", "Thank", "Also", "However",
            "Then", "Now", "Yes", "No", "Not", "All", "Some", "Many", "Most", "After", "Before", "Since", "While",
            "Is", "Are", "Do", "Does", "Did", "Can", "Will", "Would", "Should", "Could", "Let", "Here", "Just");
}
