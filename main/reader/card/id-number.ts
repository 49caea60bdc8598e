// The 18-character resident ID number: ISO 7064 MOD 11-2 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** true: valid; false: wrong check character or malformed; the number itself is never altered. */
export function isValidIdNumber(id: string): boolean {
  const s = id.trim().toUpperCase();
  return /^\d{17}[\dX]$/.test(s) && idCheckCharacter(s.slice(0, 17)) === s[17];
}
