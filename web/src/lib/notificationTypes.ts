/** "prescription_created" → "Prescription created", for custom types without a translation. */
export function humanize(key: string): string {
  const s = key.replace(/[_.-]+/g, " ").trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
