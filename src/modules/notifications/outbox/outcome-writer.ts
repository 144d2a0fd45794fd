import type { Clock } from "../../../core/clock.js";
import type { DbOrTx } from "../../../core/db/client.js";
import type { EmailReports } from "./email-events.js";
import { type ClaimOutcome, completeClaims } from "./email-logs-repo.js";

/** Records the outcome of a claimed row; false when the lease was lost meanwhile. */
export interface Completions {
  complete(id: string, outcome: ClaimOutcome): Promise<boolean>;
}

/**
 * Writes outcomes; when someone listens for what became of emails (webhooks, bus handlers),
 * in a transaction that also reports the final ones. Nobody listening: the plain UPDATE.
 */
async function writeAndReport(
  db: DbOrTx,
  reports: EmailReports | undefined,
  write: (db: DbOrTx) => Promise<Set<string>>,
): Promise<Set<string>> {
  if (!reports || !(await reports.listening(db))) return write(db);
  return db.transaction(async (tx) => {
    const held = await write(tx);
    await reports.recorded(tx, [...held]);
    return held;
  });
}

/** One UPDATE per outcome: for a single email sent on request. */
export class DirectCompletions implements Completions {
  constructor(
    private readonly db: DbOrTx,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly reports?: EmailReports,
  ) {}

  async complete(id: string, outcome: ClaimOutcome): Promise<boolean> {
    const held = await writeAndReport(this.db, this.reports, (db) =>
      completeClaims(db, this.owner, this.clock.now(), [{ id, outcome }]),
    );
    return held.has(id);
  }
}

interface Waiting {
  id: string;
  outcome: ClaimOutcome;
  resolve: (held: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for a worker's outcomes: the first one is written at once, and those that
 * arrive while that UPDATE is in flight go together in the next. No timer: under load the
 * groups grow by themselves, alone an outcome waits for nobody.
 */
export class GroupedCompletions implements Completions {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly db: DbOrTx,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly reports?: EmailReports,
    private readonly maxGroup = 100,
  ) {}

  complete(id: string, outcome: ClaimOutcome): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id, outcome, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxGroup);
        try {
          const held = await writeAndReport(this.db, this.reports, (db) =>
            completeClaims(db, this.owner, this.clock.now(), group),
          );
          for (const w of group) w.resolve(held.has(w.id));
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
