// Deep imports of natural: its package entry point also loads storage back-ends (and dotenv), which
// matching does not need. natural only ships types for its entry point, so these declare exactly
// the members used here.

declare module "natural/lib/natural/stemmers/porter_stemmer.js" {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module "natural/lib/natural/tokenizers/regexp_tokenizer.js" {
  const tokenizers: {
    WordTokenizer: new () => { tokenize(text: string): string[] };
  };
  export default tokenizers;
}

declare module "natural/lib/natural/util/stopwords.js" {
  const stopwords: { words: readonly string[] };
  export default stopwords;
}

declare module "natural/lib/natural/distance/jaro-winkler_distance.js" {
  const JaroWinklerDistance: (s1: string, s2: string, options?: { ignoreCase?: boolean }) => number;
  export default JaroWinklerDistance;
}

declare module "natural/lib/natural/distance/levenshtein_distance.js" {
  const distances: { LevenshteinDistance(source: string, target: string): number };
  export default distances;
}
