// Type declarations for the talisman modules the matching engine uses (the package ships none).
declare module 'talisman/metrics/jaro-winkler.js' {
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
declare module 'talisman/phonetics/double-metaphone.js' {
  const doubleMetaphone: (word: string) => [string, string];
  export default doubleMetaphone;
}
declare module 'talisman/metrics/levenshtein.js' {
  const levenshtein: (a: string, b: string) => number;
  export default levenshtein;
}
