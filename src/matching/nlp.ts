// Thin, cached wrappers over the parts of natural that matching uses.
import porterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import regexpTokenizers from "natural/lib/natural/tokenizers/regexp_tokenizer.js";
import naturalStopwords from "natural/lib/natural/util/stopwords.js";

const wordTokenizer = new regexpTokenizers.WordTokenizer();

/**
 * natural's English stop words plus words that every careers profile uses ("help", "advice",
 * "career", ...): they would otherwise dominate the free-text similarity without telling two
 * profiles apart. Apostrophe fragments ("don", "ve") come from the tokenizer splitting "don't".
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...naturalStopwords.words,
  ...[
    "advice", "advise", "advising", "career", "careers", "help", "helping", "happy", "want", "wants",
    "wanting", "looking", "love", "would", "like", "interested", "keen", "really", "just", "things",
    "thing", "lot", "lots", "know", "able", "year", "years", "i'm", "im", "ve", "ll", "don", "doesn",
    "isn", "re", "also", "etc", "anything", "people", "someone", "something",
    // Words every kind of profile uses that tell no two apart ("similar goals: tell, second, us").
    "tell", "second", "us", "related", "working", "work", "works", "worked", "get", "getting", "got",
    "make", "making", "made", "way", "ways", "new", "good", "great", "best", "better", "well",
    "much", "many", "one", "two", "three", "first", "next", "last", "time", "times", "use", "using",
    "used", "need", "needs", "needed", "currently", "recently", "now", "still", "always", "often",
    "feel", "think", "thinking", "try", "trying", "start", "starting", "started",
    "come", "coming", "take", "taking", "lot", "bit", "really", "sure", "able", "ask", "asking",
    "question", "questions", "learn", "learning", "grow", "growing", "improve", "improving", "better",
    "understand", "understanding", "know", "knowing", "share", "sharing",
    "year", "month", "months", "week", "weeks", "day", "days", "life", "world", "thing", "stuff",
    "kind", "sort", "etc", "eg", "ie", "via", "per", "within", "across", "around", "toward", "towards",
  ],
]);

// Stemming is by far the most expensive step of profile processing and community vocabularies
// are small, so memoise. The bound keeps a long-running bot from growing without limit.
const STEM_CACHE_LIMIT = 100_000;
const stemCache = new Map<string, string>();

export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemmed = porterStemmer.stem(word);
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Lower-case word tokens of free text; accents are dropped first ("résumé" → "resume"). */
export function tokenize(text: string): string[] {
  // natural's word tokenizer splits words at accented letters ("négocier" → "n", "gocier").
  const plain = /[\u0080-\uffff]/.test(text) ? text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : text;
  return wordTokenizer.tokenize(plain.toLowerCase());
}

/**
 * Calls visit(stem, word) for every token worth comparing: no stop words, no numbers, no single
 * letters. A callback rather than an array of token objects: building an index digests millions
 * of tokens and the garbage would dominate its peak memory.
 */
export function forEachContentToken(text: string, visit: (stem: string, surface: string) => void): void {
  for (const word of tokenize(text)) {
    if (word.length < 2 || STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    const stemmed = stem(word);
    if (stemmed.length < 2 || STOP_WORDS.has(stemmed)) continue;
    visit(stemmed, word);
  }
}
