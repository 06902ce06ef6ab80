// The passphrase as every Kinko opener reads it (share.NormalizePassphrase
// in Go does the same): NFKC (full-width → half-width), lowercase, trimmed,
// and every run of separators between words — whitespace (also U+3000),
// "-", "‐" (U+2010), "−" (U+2212), "・", "_", "," — one "-". Generated
// passphrases ("sakura-mikan-…") survive it unchanged.
const separators = /[\s\u3000\-\u2010\u2212\u30fb_,]+/u;

export function normalizePassphrase(typed: string): string {
  return typed
    .normalize('NFKC')
    .toLowerCase()
    .split(separators)
    .filter((w) => w !== '')
    .join('-');
}
