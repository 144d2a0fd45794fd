// Amounts travel as decimal strings ("1250.00"); sums are done in cents to avoid float drift.

function toCents(amount: string): number | null {
  const s = amount.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** "99,5" → "99.5": the API wants a dot; people in Spain type a comma. */
export function normalizeAmount(amount: string): string {
  return amount.trim().replace(",", ".");
}

/** Sum of the valid amounts as "123.45"; "" when none is valid. */
export function sumAmounts(amounts: string[]): string {
  const cents = amounts.map(toCents).filter((c): c is number => c !== null);
  if (!cents.length) return "";
  const total = cents.reduce((a, b) => a + b, 0);
  return `${Math.trunc(total / 100)}.${String(total % 100).padStart(2, "0")}`;
}

export function formatMoney(amount: string, currency: string, locale: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(n);
  } catch {
    return `${amount} ${currency}`;
  }
}
