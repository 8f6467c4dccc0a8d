"""The English words onrecord's rules read: one set per idea, each under one name.

Parse labels (dependencies, entity types, tags) and punctuation stay with the code that reads
the parse; this module holds words. Where two modules read two different sets for what looks
like one idea, the comment above the pair says why they differ and what merging them changed.
"""

from __future__ import annotations

# People: titles, honorifics and names (onrecord.resolve._names, onrecord.resolve._identity,
# onrecord.resolve._speakers).

# Words that name an office or a courtesy, written before a name but not part of it: what the
# identities across articles strip from a name ("Chairman of the Joint Chiefs of Staff Mark
# Milley"), so words of an office's name too ("joint", "staff"), lower-case without periods.
# TITLE_NOUNS is another idea: nouns that stand for a person alone ("the general said"), roles
# such as "reporter" or "analyst" included. Both sets as their union changed the speakers of 268
# of the 6,979 statements of 384 PolNeAR articles (dev and 300 of train), and resolved one more
# of the 46 hand-labelled bare titles of dev (scripts/evaluate_speakers.py), so they stay two.
TITLE_WORDS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "sen", "sens", "senator", "rep", "reps",
        "representative", "gov", "govs", "governor", "lt", "col", "gen", "general", "adm",
        "admiral", "sgt", "capt", "cmdr", "maj", "rev", "reverend", "fr", "father", "pastor",
        "bishop", "rabbi", "imam", "prof", "professor", "president", "pres", "vice", "secretary",
        "speaker", "chairman", "chairwoman", "chair", "chairperson", "leader", "majority",
        "minority", "whip", "justice", "judge", "chief", "attorney", "mayor", "minister", "prime",
        "director", "ambassador", "commissioner", "deputy", "former", "first", "lady", "state",
        "house", "senate", "defense", "staff", "joint", "chiefs", "homeland", "security",
        "press", "congressman", "congresswoman", "chancellor", "premier", "spokesman",
        "spokeswoman", "spokesperson", "councilman", "councilwoman", "treasurer", "comptroller",
        "commander", "superintendent",
    }
)  # fmt: skip

# Courtesy titles, lower-case without their period.
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "mx"})

# Honorifics whose presence before a one-word name makes that word a last name.
SURNAME_HONORIFICS = TITLE_WORDS - {"former", "first", "state", "house", "senate", "staff"}

# Lower-case words inside names ("Bill de Blasio"); they add nothing to telling people apart.
PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "ibn"}
    | {"al", "el"}
)

# Titles and family words that tell a person's gender ("his wife", "Mrs.", "the congressman").
GENDERED = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "congressman": "m", "congresswoman": "f",
    "chairman": "m", "chairwoman": "f", "spokesman": "m", "spokeswoman": "f", "king": "m",
    "queen": "f", "lady": "f", "wife": "f", "husband": "m", "widow": "f", "widower": "m",
    "daughter": "f", "son": "m", "mother": "f", "father": "m", "sister": "f", "brother": "m",
    "businessman": "m", "businesswoman": "f", "councilman": "m", "councilwoman": "f",
}  # fmt: skip

# Words that introduce someone else in a title ("the mother of Sean Smith", "aide to the first
# lady"): only the words before them describe the titled person.
TITLE_BREAKS = frozenset({"of", "to", "for", "at", "in", "with", "under", "from"})

ABBREVIATIONS = {
    "sen": "senator", "sens": "senator", "rep": "representative", "reps": "representative",
    "gov": "governor", "govs": "governor", "gen": "general", "pres": "president",
    "sec": "secretary", "lt": "lieutenant", "col": "colonel", "adm": "admiral", "atty": "attorney",
    "rev": "reverend", "prof": "professor", "congressman": "representative",
    "congresswoman": "representative", "dr": "doctor",
}  # fmt: skip

# Words of titles that say nothing about who holds them.
TITLE_STOPWORDS = COURTESY | TITLE_BREAKS | {
    "the", "a", "an", "and", "or", "by", "on", "his", "her", "their", "its", "who", "then",
    "now", "current", "late", "retired", "also", "another", "one", "ex",
}  # fmt: skip

NICKNAMES = (
    ("william", "bill", "billy", "will", "willie", "willy"),
    ("robert", "bob", "bobby", "rob", "robbie", "bert"),
    ("joseph", "joe", "joey"),
    ("michael", "mike", "mikey", "mick"),
    ("james", "jim", "jimmy", "jamie"),
    ("thomas", "tom", "tommy"),
    ("richard", "dick", "rick", "ricky", "rich", "richie"),
    ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("theodore", "ted", "teddy", "theo"),
    ("charles", "chuck", "charlie"),
    ("daniel", "dan", "danny"),
    ("david", "dave", "davey"),
    ("stephen", "steven", "steve", "stevie"),
    ("christopher", "chris"),
    ("christine", "christina", "chris", "tina"),
    ("anthony", "tony"),
    ("andrew", "andy", "drew"),
    ("lawrence", "laurence", "larry"),
    ("gerald", "jerry", "gerry"),
    ("jerome", "jerry"),
    ("patrick", "pat", "paddy"),
    ("patricia", "pat", "patty", "trish"),
    ("elizabeth", "liz", "beth", "betsy", "betty", "libby"),
    ("katherine", "catherine", "kathleen", "kate", "kathy", "cathy", "katie"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam"),
    ("benjamin", "ben", "benny"),
    ("alexander", "alex"),
    ("alexandra", "alex"),
    ("albert", "al", "bert"),
    ("alan", "allen", "al"),
    ("matthew", "matt"),
    ("nicholas", "nick", "nicky"),
    ("donald", "don", "donnie"),
    ("ronald", "ron", "ronnie"),
    ("kenneth", "ken", "kenny"),
    ("gregory", "greg"),
    ("jeffrey", "geoffrey", "jeff", "geoff"),
    ("jonathan", "jon"),
    ("john", "jack", "johnny"),
    ("jacob", "jake"),
    ("newton", "newt"),
    ("rudolph", "rudolf", "rudy"),
    ("ashton", "ash"),
    ("frederick", "fred", "freddie"),
    ("henry", "hank", "harry"),
    ("harold", "harry", "hal"),
    ("peter", "pete"),
    ("philip", "phil"),
    ("raymond", "ray"),
    ("timothy", "tim", "timmy"),
    ("walter", "walt"),
    ("douglas", "doug"),
    ("leonard", "len", "lenny"),
    ("francis", "frank", "frankie"),
    ("joshua", "josh"),
    ("zachary", "zach"),
    ("susan", "sue", "susie"),
    ("deborah", "debra", "debbie", "deb"),
    ("margaret", "maggie", "peggy", "meg"),
    ("jennifer", "jen", "jenny"),
    ("rebecca", "becky"),
    ("victoria", "vicky", "tori"),
    ("abigail", "abby"),
    ("cynthia", "cindy"),
    ("judith", "judy"),
)

# Title words that place a person in one walk of life; a person may have several.
WALKS_OF_LIFE = {
    "politics": frozenset(
        {"senator", "sen", "representative", "rep", "congressman", "congresswoman", "governor",
         "gov", "president", "mayor", "secretary", "candidate", "nominee", "superdelegate",
         "delegate", "lawmaker", "minister", "ambassador", "wis", "speaker", "councilman"}
    ),
    "business": frozenset(
        {"executive", "ceo", "founder", "investor", "billionaire", "industrialist",
         "businessman", "businesswoman", "retail", "stores", "company", "mogul"}
    ),
    "military": frozenset({"general", "gen", "admiral", "colonel", "sergeant", "army"}),
    "media": frozenset({"host", "anchor", "reporter", "columnist", "editor", "correspondent"}),
    "law": frozenset({"judge", "justice", "prosecutor", "lawyer"}),
    "faith": frozenset({"pastor", "rabbi", "bishop", "reverend", "imam"}),
    "youth": frozenset({"teenager", "teen", "student", "boy", "girl"}),
}  # fmt: skip


PLURAL_PRONOUNS = frozenset({"they", "them", "their"})

FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})

RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom", "whose"})

# Nouns that stand for a person by office: "the general said", "the president told ...".
TITLE_NOUNS = frozenset(
    {
        "president", "general", "senator", "secretary", "adviser", "advisor", "ambassador",
        "governor", "chairman", "chairwoman", "chair", "minister", "spokesman", "spokeswoman",
        "spokesperson", "candidate", "nominee", "director", "chief", "mayor", "judge",
        "congressman", "congresswoman", "lawmaker", "speaker", "leader", "commander", "official",
        "admiral", "colonel", "representative", "attorney", "prosecutor", "justice", "premier",
        "chancellor", "king", "queen", "pope", "vice", "manager", "ceo", "founder",
        "host", "anchor", "reporter", "correspondent", "columnist", "editor", "economist",
        "analyst", "strategist", "pollster", "professor", "executive", "officer", "head",
        "deputy", "assistant", "aide", "coordinator", "counsel", "lawyer", "chairperson",
        "activist", "author", "historian", "rabbi", "pastor", "bishop", "cardinal", "sheriff",
        "councilman", "councilwoman", "commissioner", "superintendent", "treasurer", "envoy",
        "diplomat", "challenger", "incumbent", "frontrunner", "businessman", "businesswoman",
        "billionaire", "mogul", "president-elect", "delegate", "organizer", "researcher",
        "scientist", "doctor", "physician", "surgeon", "detective", "captain",
        "lieutenant", "sergeant", "major", "marshal", "senator-elect", "governor-elect",
        "supervisor", "inspector", "constable", "co-host",
    }
)  # fmt: skip

# Anything of these written before a name is a title, not a first name: "Supt Peters". Read
# without the period, so courtesy titles and honorifics are TITLE_WORDS' ("Mr.", "Sen.").
NAME_TITLES = (
    TITLE_WORDS
    | TITLE_NOUNS
    | {"supt", "insp", "det", "cpl", "pc", "prof", "rev", "hon", "rt", "sir", "dame"}
)

# Abbreviated titles written before a name: "Sen. Ted Cruz", "Gen. Mark Milley".
TITLE_ABBREVIATIONS = frozenset(
    {"sen.", "gov.", "rep.", "gen.", "dr.", "adm.", "col.", "lt.", "sgt.", "gen", "sen", "gov"}
)

# Abbreviated titles and the title they stand for, so that a title is given once.
TITLE_SPELLED_OUT = {
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general",
    "adm": "admiral", "col": "colonel", "lt": "lieutenant", "sgt": "sergeant", "capt": "captain",
    "supt": "superintendent", "insp": "inspector", "det": "detective", "prof": "professor",
    "rev": "reverend", "pres": "president",
}  # fmt: skip

# Words for what someone has rather than what they do: not a title ("billionaire Bloomberg").
EPITHETS = frozenset({"billionaire", "mogul", "millionaire", "tycoon"})

# A title says what someone does; one that says what they have, or are like, is an epithet:
# "Trump, a rough-hewed candidate with one overriding message".
EPITHET_PREPOSITIONS = frozenset({"with", "without", "like"})

# Heads of noun phrases that stand for an institution: "the Biden administration", "officials
# with the foundation". Speakers and unnamed sources had a copy each (without "station",
# "foundation", "bureau"; without "court", "newspaper", "commission", "union", "military",
# "army", "police", "congress", "parliament"); one set gives the same results on the tests and
# on 384 PolNeAR articles (dev and 300 of train).
ORGANIZATION_NOUNS = frozenset(
    {"administration", "government", "campaign", "committee", "department", "agency",
     "ministry", "office", "company", "party", "court", "network", "newspaper", "council",
     "commission", "organization", "group", "firm", "team", "board", "union", "embassy",
     "military", "army", "police", "congress", "senate", "parliament", "house", "station",
     "foundation", "bureau"}
)  # fmt: skip

# Heads that speak for several people without naming them: "some of those invited".
GROUP_HEADS = frozenset({"some", "many", "most", "those", "all", "several", "few", "others"})

# Generational suffixes written after a name: "Jr.", "III".
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# The gender a personal pronoun tells of its antecedent.
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}

# The gender the token right before a name tells (a courtesy title, with or without its period,
# or a gendered title), and the one a title alone tells ("the congressman"). GENDERED, which
# the identities across articles read, holds these and family words too ("wife", "father");
# resolving speakers with it instead resolved one more of the 46 hand-labelled bare titles of
# PolNeAR dev (31, not 30: scripts/evaluate_speakers.py), so the two stay apart until a change
# of its own weighs that; they take their genders from GENDERED, so that none is written twice.
HONORIFIC_GENDER = {
    written: GENDERED[courtesy]
    for courtesy in ("mr", "mrs", "ms")
    for written in (courtesy, f"{courtesy}.")
}
TITLE_GENDER = {
    title: GENDERED[title]
    for title in (
        "congressman", "congresswoman", "chairman", "chairwoman", "spokesman", "spokeswoman",
        "king", "queen", "lady",
    )
}  # fmt: skip


# Unnamed sources (onrecord.resolve._anonymous).

SOURCE_NOUNS = frozenset(
    {
        "source",
        "official",
        "aide",
        "adviser",
        "advisor",
        "person",
        "diplomat",
        "staffer",
        "insider",
        "operative",
        "strategist",
        "confidant",
        "ally",
        "associate",
    }
)

# "people" alone is the public ("people posted reminders"); described, it is a source.
DESCRIBED_ONLY_NOUNS = frozenset({"people"})

# Members of the public, quoted by what they are rather than by name (vox pop): "another
# person", "a resident", "someone at the meeting". They are profiled like unnamed sources but
# are not ``informed``, unless the article says they know something ("a person familiar with
# the talks", "a resident who asked not to be named").
PUBLIC_NOUNS = frozenset(
    {"person", "people", "someone", "somebody", "resident", "woman", "man", "witness"}
    | {"neighbor", "neighbour", "bystander", "passerby", "caller", "attendee", "commenter"}
    | {"shopper", "customer", "parent", "mother", "father", "voter", "onlooker", "motorist"}
    | {"visitor", "fan", "worker", "employee", "student", "relative"}
)

# "a woman", "one resident", "another person": an indefinite one, not "the woman" (a person
# named before) nor "women" (a class).
INDEFINITE_WORDS = frozenset({"a", "an", "one", "another"})

SPOKESPERSON_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople"})

# Determiners and adjectives that turn a noun into a generalization over a class.
CLASS_WORDS = frozenset({"most", "few", "all", "any", "every", "elected"})

# Number words that count sources: "two officials", "a dozen aides".
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        )
    )
} | {"both": 2, "couple": 2, "pair": 2, "dozen": 12}

# Heads of "some of the officials", "a couple of sources": the quantity is parsed as the head.
QUANTITY_HEADS = frozenset(
    {"some", "several", "many", "few", "most", "all", "number", "handful", "couple", "pair"}
    | {"dozen", "dozens", "group", "none", "each", "both"}
    | set(NUMBER_WORDS)
)

# Premodifiers that place a source in a hierarchy or relation: the descriptor of
# "a former senior law enforcement official", never part of an affiliation.
RANK_WORDS = frozenset(
    {
        "former",
        "top",
        "senior",
        "junior",
        "longtime",
        "veteran",
        "unaligned",
        "unaffiliated",
        "trusted",
        "inside",
        "current",
        "high",
        "ranking",
        "high-ranking",
        "chief",
        "key",
        "retired",
        "outside",
        "independent",
        "career",
        "mid-level",
        "low-level",
        "close",
    }
)

# Premodifiers that say which or how many, not who: skipped by descriptor and affiliation.
SELECTOR_WORDS = frozenset(
    {"other", "another", "separate", "second", "third", "fourth", "different", "same"}
    | {"many", "several", "some", "multiple", "numerous", "various", "few", "both"}
)

# Words that say a modifier is about what the source knows or how close it is to events.
KNOWLEDGE_LEMMAS = frozenset(
    {"familiar", "knowledge", "know", "brief", "involve", "see", "attend", "close", "present"}
)

ANONYMITY_LEMMAS = frozenset({"anonymity", "anonymous", "anonymously"})

# "asked not to be named": a negated naming verb marks anonymity as "anonymity" does.
NAMING_LEMMAS = frozenset({"name", "identify", "authorize", "authorise"})

# Prepositions of membership: "officials with the DCCC", "a source at the Tampa station".
AFFILIATION_PREPOSITIONS = frozenset({"with", "for", "to", "at", "of", "from"})


# Adjectives that name a branch or level of government: "federal officials".
INSTITUTIONAL_ADJECTIVES = frozenset(
    {"federal", "local", "state", "military", "congressional", "municipal", "diplomatic"}
    | {"provincial", "regional", "judicial", "legislative"}
)

PARTY_NOUNS = frozenset({"republican", "democrat"})


# Addressees and venues (onrecord.resolve._context).

# Verbs whose object is the person addressed: "told CNN", "briefed reporters".
ADDRESSEE_OBJECT_VERBS = frozenset(
    {"tell", "inform", "remind", "assure", "brief", "ask", "warn", "urge", "advise", "notify"}
)

# Verbs that name their addressee with "to": "spoke to the press", "wrote to Congress".
ADDRESSEE_TO_VERBS = frozenset(
    {"speak", "talk", "say", "explain", "write", "complain", "announce", "declare", "admit",
     "confide", "reply", "respond", "signal", "describe", "address", "tweet", "post"}
)  # fmt: skip

# Common nouns for those a statement is made to: "told reporters", "told people outside ...".
AUDIENCE_NOUNS = frozenset(
    {"reporter", "journalist", "press", "people", "audience", "crowd", "supporter", "voter",
     "member", "lawmaker", "official", "donor", "student", "worker", "employee", "leader",
     "senator", "colleague", "ally", "aide", "staff", "delegate", "congress", "committee",
     "panel", "investigator", "agent", "police", "court", "judge", "jury", "viewer", "reader",
     "listener", "interviewer", "host", "anchor", "network", "newspaper", "magazine", "nation",
     "country", "public", "friend", "family", "group", "party", "caucus", "attendee"}
)  # fmt: skip

# Prepositions that keep an addressee going: "people outside the government".
ADDRESSEE_EXTENSIONS = frozenset({"outside", "inside", "from", "of", "close", "within"})

# Events at which statements are made: "at a G20 press conference", "during a debate".
EVENT_NOUNS = frozenset(
    {"conference", "rally", "debate", "hearing", "briefing", "meeting", "event", "summit",
     "forum", "speech", "address", "interview", "appearance", "gathering", "ceremony",
     "convention", "fundraiser", "dinner", "luncheon", "breakfast", "session", "roundtable",
     "hall", "panel", "remark", "comment", "podcast", "broadcast", "program", "show"}
)  # fmt: skip

# Speaking occasions: a date on one of them dates what was said there ("at Monday's hearing").
# Unlike EVENT_NOUNS it holds what is written or said ("statement", "tweet", "letter"), whose
# date is the statement's, but which is no venue. One set of both changed 85 of the 6,979
# statements of 384 PolNeAR articles (dev and 300 of train), giving them venues such as
# "a statement" and "one tweet".
SPEAKING_OCCASIONS = frozenset(
    {
        "address",
        "appearance",
        "briefing",
        "broadcast",
        "call",
        "ceremony",
        "comment",
        "conference",
        "debate",
        "email",
        "event",
        "forum",
        "hearing",
        "interview",
        "letter",
        "meeting",
        "podcast",
        "post",
        "rally",
        "remark",
        "session",
        "speech",
        "statement",
        "summit",
        "testimony",
        "tweet",
        "visit",
    }
)

# What one speaks "on": "on President Joe Biden's flight", "on CNN", "on the Senate floor".
ON_VENUE_NOUNS = frozenset(
    {"flight", "plane", "trip", "tour", "visit", "show", "program", "broadcast", "podcast",
     "radio", "television", "floor", "stage", "call", "line", "sidelines", "campaign"}
)  # fmt: skip

TIME_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week",
     "month", "year", "day", "night", "morning", "afternoon", "evening", "weekend", "time",
     "today", "yesterday", "tomorrow", "moment", "point", "end", "start", "beginning"}
)  # fmt: skip


# When a statement was made (onrecord.resolve._dates, onrecord.resolve._date_expressions).

# Number words of a duration: "two weeks ago", "a day earlier".
DURATION_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

# Prepositions that put a statement on an occasion: "at the rally", "during the debate".
OCCASION_PREPOSITIONS = frozenset({"at", "in", "during", "on"})

# Auxiliaries of the future tense ("wo" of "won't").
FUTURE_AUXILIARIES = frozenset({"will", "'ll", "’ll", "shall", "wo"})

# Verbs that announce a planned event when in the present tense: "is scheduled to", "plans to".
PLANNING_LEMMAS = frozenset({"schedule", "set", "slate", "expect", "plan", "intend"})


# Statements (onrecord.extract._learned).

# Modal auxiliaries of a cue ("would say"): a feature of the candidate classifier.
MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "must"})
