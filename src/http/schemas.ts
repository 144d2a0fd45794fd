import { z } from "zod";
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from "../core/plain-text.js";

export const uuid = z.uuid({ message: "expected a UUID" });
export const idParams = z.object({ id: uuid });
export const email = z.email({ message: "expected an email address" }).max(254);
export const localeCode = z
  .string()
  .regex(/^[a-z]{2}(-[A-Z]{2})?$|^default$/, "expected a locale such as es or en");

/** A person's or a clinic's name: one line (names reach email headers and calendar invitations). */
export const singleLine = (max: number) =>
  z
    .string()
    .refine((v) => !hasControlCharacters(v), {
      message: CONTROL_CHARACTERS_MESSAGE,
      params: { code: "control_characters" },
    })
    .trim()
    .max(max);
export const requiredName = singleLine(100).min(1, "must not be empty");
export const optionalName = singleLine(100).default("");

export const pageQuery = {
  page: z.coerce.number().int().min(1, "must be 1 or more").max(100_000).default(1),
  page_size: z.coerce.number().int().min(1, "must be 1 or more").max(100, "must be 100 or less").default(20),
};

export function paged<T>(data: T[], total: number, page: number, pageSize: number) {
  return { data, total, page, page_size: pageSize };
}

/** An ISO 8601 string; null stays null (a Date in, a string out). */
export function iso(d: Date): string;
export function iso(d: Date | null | undefined): string | null;
export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
