/**
 * Which slips a typist plausibly makes. A letter dropped or doubled, two swapped, or a key hit
 * beside the intended one are common; a letter replaced by one across the keyboard is not, so
 * between two equally close words it says which the typist meant ("lawer": lawyer, not layer).
 */

/** Neighbouring keys on a QWERTY keyboard. */
export const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: "qwsz",
  b: "vghn",
  c: "xdfv",
  d: "serfcx",
  e: "wsdr",
  f: "drtgvc",
  g: "ftyhbv",
  h: "gyujnb",
  i: "ujko",
  j: "huikmn",
  k: "jiolm",
  l: "kop",
  m: "njk",
  n: "bhjm",
  o: "iklp",
  p: "ol",
  q: "wa",
  r: "edft",
  s: "awedxz",
  t: "rfgy",
  u: "yhji",
  v: "cfgb",
  w: "qase",
  x: "zsdc",
  y: "tghu",
  z: "asx",
};

/**
 * True when `typed` is one plausible slip from `word`: a letter dropped or added, two neighbours
 * swapped, or one letter replaced by a key beside it. Words further apart than one edit are not.
 */
export function isPlausibleSlip(typed: string, word: string): boolean {
  if (Math.abs(typed.length - word.length) === 1) return oneInsertionApart(typed, word);
  if (typed.length !== word.length) return false;
  const differences: number[] = [];
  for (let i = 0; i < typed.length && differences.length <= 2; i++) if (typed[i] !== word[i]) differences.push(i);
  if (differences.length === 1) {
    const [at] = differences;
    return (KEYBOARD_NEIGHBOURS[word[at]] ?? "").includes(typed[at]);
  }
  const [first, second] = differences;
  return (
    differences.length === 2 && second === first + 1 && typed[first] === word[second] && typed[second] === word[first]
  );
}

function oneInsertionApart(a: string, b: string): boolean {
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  return shorter.slice(i) === longer.slice(i + 1);
}
