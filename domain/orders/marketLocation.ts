/**
 * Marktlokations-ID (MaLo-ID, BDEW): 11 digits, the first not 0, the last a check digit. Digits at
 * odd positions 1–9 are summed, digits at even positions 2–10 summed and doubled; the check digit
 * is the difference of the total to the next multiple of ten (10 becomes 0).
 */
export function isValidMarketLocationId(id: string): boolean {
  if (!/^[1-9]\d{10}$/.test(id)) return false;
  return marketLocationCheckDigit(id.slice(0, 10)) === Number(id[10]);
}

export function marketLocationCheckDigit(first10: string): number {
  let odd = 0;
  let even = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(first10[i]);
    if (i % 2 === 0) odd += d;
    else even += d;
  }
  return (10 - ((odd + 2 * even) % 10)) % 10;
}
