// The passphrase as every Kinko opener reads it (share.NormalizePassphrase
// in Go does the same): NFKC (full-width → half-width), lowercase, trimmed,
// and every run of separators between words — whitespace (also U+3000),
// "-", "‐" (U+2010), "−" (U+2212), "・", "_", "," — one "-". Generated
// passphrases ("sakura-mikan-…") survive it unchanged.
// White space exactly as Go's unicode.IsSpace has it (JS's \s differs: it
// has U+FEFF and lacks U+0085), then the separators.
const separators = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\-\u2010\u2212\u30fb_,]+/u;

export function normalizePassphrase(typed: string): string {
  return typed
    .normalize('NFKC')
    .toLowerCase()
    .split(separators)
    .filter((w) => w !== '')
    .join('-');
}
