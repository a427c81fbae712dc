/**
 * Text normalisation shared by the index and the queries, so both sides agree on every token:
 * ASCII folding, lower case, punctuation to spaces, stop words out, plurals folded.
 */

/** Function words that carry no occupational meaning; "nec" marks residual categories only. */
const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "by",
  "for",
  "from",
  "in",
  "into",
  "of",
  "on",
  "or",
  "the",
  "to",
  "with",
  "nec",
  "etc",
  "e",
  "g",
  "eg",
  "ie",
  "i",
  "my",
  "am",
  "im",
  "it",
  "is",
  "be",
]);

/** Plurals that the suffix rules below cannot fold. */
const IRREGULAR_PLURALS = new Map([
  ["men", "man"],
  ["women", "woman"],
  ["people", "person"],
  ["persons", "person"],
  ["children", "child"],
  ["staff", "staff"],
]);

/** Lower-cases, folds accents to ASCII and turns everything but letters and digits into spaces. */
export function foldText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(text); // most text: skip the costly Unicode decomposition
  return (ascii ? text : text.normalize("NFKD"))
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’‘`]/g, "") // "builder's" -> "builders", so possessives fold like plurals
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Light plural folding: enough to make "nurses" meet "nurse" without a full stemmer's surprises. */
export function stem(token: string): string {
  const irregular = IRREGULAR_PLURALS.get(token);
  if (irregular) return irregular;
  if (token.length <= 3) return token;
  if (!token.endsWith("s")) return token;
  if (token.endsWith("ies") && token.length > 4) return token.slice(0, -3) + "y";
  if (token.endsWith("sses")) return token.slice(0, -2);
  if (["ches", "shes", "xes", "zes"].some((suffix) => token.endsWith(suffix))) return token.slice(0, -2);
  if (["ss", "us", "is", "ys"].some((suffix) => token.endsWith(suffix))) return token;
  return token.slice(0, -1);
}

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

/** Folded words in order, before stop words are dropped (phrase tables match on these). */
export function words(text: string): string[] {
  const folded = foldText(text);
  return folded === "" ? [] : folded.split(" ");
}

const DERIVATIONAL_SUFFIXES = ["ation", "ment", "ing", "ist", "ical", "er", "or", "al", "ed"];
const MIN_STEM_LENGTH = 4;
/** Words whose stripped forms would collide with an unrelated word ("customer" -> "custom"). */
const UNSTEMMED_WORDS = new Set(["customer", "officer", "office", "general"]);

/**
 * Folds derived forms onto one stem so a title's words meet the same idea worded differently:
 * "nursing"/"nurse", "teacher"/"teaching", "planner"/"planning", "management"/"manager".
 */
const rootCache = new Map<string, string>();
const ROOT_CACHE_LIMIT = 100_000;

export function rootOf(token: string): string {
  let root = rootCache.get(token);
  if (root === undefined) {
    if (rootCache.size >= ROOT_CACHE_LIMIT) rootCache.clear();
    rootCache.set(token, (root = computeRoot(token)));
  }
  return root;
}

function computeRoot(token: string): string {
  let root = stem(token);
  if (UNSTEMMED_WORDS.has(root)) return root;
  for (const suffix of DERIVATIONAL_SUFFIXES) {
    if (root.endsWith(suffix) && root.length - suffix.length >= MIN_STEM_LENGTH) {
      root = root.slice(0, -suffix.length);
      break;
    }
  }
  if (root.endsWith("e") && root.length - 1 >= MIN_STEM_LENGTH) root = root.slice(0, -1);
  // "plann" -> "plan", "programm" -> "program"
  const last = root[root.length - 1];
  if (root.length > MIN_STEM_LENGTH && last === root[root.length - 2] && !"aeiousl".includes(last)) {
    root = root.slice(0, -1);
  }
  return root;
}

/** Content words of a text: folded, (optionally rewritten), stop words dropped. */
export function contentWords(text: string, rewrite?: (folded: string[]) => string[]): string[] {
  const folded = words(text);
  return (rewrite ? rewrite(folded) : folded).filter((word) => !isStopWord(word));
}

/** Content tokens of a text: its content words with derived forms folded onto their roots. */
export function contentTokens(text: string, rewrite?: (folded: string[]) => string[]): string[] {
  return contentWords(text, rewrite).map(rootOf);
}

/**
 * Tokens of an index title. "(General)" only tells the principal title apart from its
 * specialisations, so it is dropped: "Accountant (General)" should match "accountant" exactly.
 */
export function titleTokens(title: string, rewrite?: (folded: string[]) => string[]): string[] {
  return contentTokens(withoutGeneralQualifier(title), rewrite);
}

export function withoutGeneralQualifier(title: string): string {
  return title.replace(/\(general\)/gi, " ");
}

/**
 * A job title as the coder reads it: without "(General)", and without the words saying the
 * person is still training ("3rd Year Apprentice Electrician", "Trainee Chef"), since the ABS codes
 * apprentices and trainees to the occupation they are training for.
 */
export function withoutQualifiers(title: string): string {
  return withoutGeneralQualifier(title)
    .replace(/\b(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+year\b/gi, " ")
    .replace(/\b(?:apprentices?|trainees?)\b/gi, " ");
}

/** Index terms of a title: its tokens plus its head noun marked as such; rewrite is the
 * query side's phrase table, so index and queries word things alike. */
export function titleTerms(title: string, rewrite?: (folded: string[]) => string[]): string[] {
  const head = contentTokens(headSegment(title), rewrite).at(-1);
  const tokens = titleTokens(title, rewrite);
  return head === undefined ? tokens : [...tokens, headToken(head)];
}

/**
 * The part of a title that holds its head noun: before any qualifier in brackets or after a
 * comma or spaced dash, and before "of"/"in"/"for"/"to" ("Teacher of the Deaf", "Assistant in
 * Nursing"). Its last word says what the job is; the words before it say which one.
 */
export function headSegment(title: string): string {
  const beforeQualifier = title.split(/[(,;:]|\s[-–]\s/)[0].trim();
  const beforePreposition = beforeQualifier.match(/^(.*?\S)\s+(?:of|in|for|to)\s/i);
  return beforePreposition ? beforePreposition[1] : beforeQualifier;
}

/** Marks a token as a title's head noun, indexed beside the plain token. */
export function headToken(token: string): string {
  return "^" + token;
}

export function isHeadToken(token: string): boolean {
  return token.startsWith("^");
}
