import type { DbOrTx } from "../db/client.js";
import type { PublishOptions, PublishResult } from "./event-bus.js";

/** What the reporter needs of the bus: whether a handler listens, and publishing. */
export interface ReportBus {
  handlersFor(name: string): readonly unknown[];
  publish(name: string, payload: unknown, options?: PublishOptions): Promise<PublishResult>;
}

/**
 * Facts this service reports about itself (an email sent, a patient's preferences changed):
 * written where they happen, in the transaction that records them, for whoever listens —
 * the outgoing webhooks, and TypeScript handlers registered with `bus.on(name, …)`.
 */
export interface ReportedFact {
  name: string;
  clinicId: string;
  /** Unique for the fact (`email_log:<id>:sent:1`): the same fact twice is delivered once. */
  key: string;
  payload: Record<string, unknown> & { clinic_id: string };
  occurredAt: Date;
}

/**
 * Somewhere facts go (webhook endpoints). `wants` is cached and cheap, called on hot paths; when
 * it must read, it reads with `db` (the caller's transaction, if it is in one).
 */
export interface FactSink {
  wants(name: string, clinicId?: string, db?: DbOrTx): Promise<boolean>;
  write(tx: DbOrTx, facts: readonly ReportedFact[]): Promise<void>;
}

/**
 * Hands facts to the sinks that want them and publishes them on the durable bus when a
 * handler listens there. When nobody listens, `listening` says so without any query, and the
 * code that records the fact does nothing more than before.
 */
export class FactReporter {
  constructor(
    private readonly bus: ReportBus,
    private readonly sinks: readonly FactSink[],
  ) {}

  /** Whether any of these facts is wanted, for this clinic or (without one) for any. */
  async listening(names: readonly string[], clinicId?: string, db?: DbOrTx): Promise<boolean> {
    for (const name of names) {
      if (this.bus.handlersFor(name).length > 0) return true;
      for (const sink of this.sinks) if (await sink.wants(name, clinicId, db)) return true;
    }
    return false;
  }

  async report(tx: DbOrTx, facts: readonly ReportedFact[]): Promise<void> {
    if (facts.length === 0) return;
    for (const sink of this.sinks) {
      const wanted: ReportedFact[] = [];
      for (const f of facts) if (await sink.wants(f.name, f.clinicId, tx)) wanted.push(f);
      if (wanted.length > 0) await sink.write(tx, wanted);
    }
    for (const f of facts) {
      if (this.bus.handlersFor(f.name).length === 0) continue;
      await this.bus.publish(f.name, f.payload, { tx, idempotencyKey: f.key });
    }
  }
}
