import { performance } from "node:perf_hooks";
import type { Clock } from "../../../core/clock.js";
import type { Database } from "../../../core/db/client.js";
import { countDueUnclaimed } from "./email-logs-repo.js";

/**
 * Due emails waiting for a worker beyond which dispatchers stop turning events into more:
 * several seconds of sending at any rate this service reaches, far above what workers take
 * per claim, so it only bites in a burst.
 */
const OUTBOX_BACKLOG = 1000;

/** Counting reads up to OUTBOX_BACKLOG index entries, so the answer is reused for this long. */
const RECHECK_MS = 250;

/** The dispatcher's holdBack: true while the outbox has a backlog of due emails. */
export function outboxBacklogCheck(database: Database, clock: Clock): () => Promise<boolean> {
  let checkedAt = Number.NEGATIVE_INFINITY;
  let backlogged = false;
  return async () => {
    if (performance.now() - checkedAt >= RECHECK_MS) {
      backlogged = (await countDueUnclaimed(database.db, clock.now(), OUTBOX_BACKLOG)) >= OUTBOX_BACKLOG;
      checkedAt = performance.now();
    }
    return backlogged;
  };
}
