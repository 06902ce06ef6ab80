// A hint of how hard a new password is to guess. The Go side enforces only
// the minimum length (vault.MinPasswordLen); this is advice, not a rule.

/** The minimum password length the vault accepts (vault.MinPasswordLen). */
export const minPasswordLength = 10;

export type Strength = 'short' | 'weak' | 'fair' | 'strong';

/** passwordStrength rates a password by length and the kinds of characters in it. */
export function passwordStrength(pw: string): Strength {
  const len = [...pw].length;
  if (len < minPasswordLength) return 'short';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  const sameChar = /^(.)\1*$/.test(pw);
  if (sameChar || (kinds <= 1 && len < 16)) return 'weak';
  if (len >= 16 || (len >= 12 && kinds >= 3)) return 'strong';
  return 'fair';
}
