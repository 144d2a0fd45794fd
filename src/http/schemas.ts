import { z } from "zod";

export const uuid = z.uuid({ message: "expected a UUID" });
export const idParams = z.object({ id: uuid });
export const email = z.email({ message: "expected an email address" }).max(254);
export const localeCode = z
  .string()
  .regex(/^[a-z]{2}(-[A-Z]{2})?$|^default$/, "expected a locale such as es or en");

export const pageQuery = {
  page: z.coerce.number().int().min(1, "must be 1 or more").max(100_000).default(1),
  page_size: z.coerce.number().int().min(1, "must be 1 or more").max(100, "must be 100 or less").default(20),
};

export function paged<T>(data: T[], total: number, page: number, pageSize: number) {
  return { data, total, page, page_size: pageSize };
}

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
