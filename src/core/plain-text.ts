/**
 * Single-line text such as a person's or a clinic's name. Names travel into email headers,
 * calendar invitations and HTML; a line break or another control character in one could
 * shape those formats, so they are refused where names are written.
 */

/** C0 and C1 controls (CR, LF, TAB, NUL, DEL, NEL …) and the Unicode line and paragraph separators. */
export function isControlCharacter(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029
  );
}

export function hasControlCharacters(text: string): boolean {
  for (const ch of text) {
    if (isControlCharacter(ch.codePointAt(0)!)) return true;
  }
  return false;
}

export const CONTROL_CHARACTERS_MESSAGE = "must not contain line breaks or other control characters";
