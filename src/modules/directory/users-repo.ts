import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { users } from "../../core/db/schema.js";

export type User = typeof users.$inferSelect;

export async function createUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<User> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

/** Login is by email across clinics: an email belongs to one staff account. */
export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const rows = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return rows[0];
}
