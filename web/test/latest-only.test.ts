import { describe, expect, it } from "vitest";
import { LatestOnly, type Outcome } from "../src/lib/latestOnly.js";

/** A request the test answers by hand, so what is in flight when is certain. */
function server() {
  const calls: { input: string; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = (input: string) =>
    new Promise<string>((resolve, reject) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const end =
        <T>(f: (x: T) => void) =>
        (x: T) => {
          inFlight--;
          f(x);
        };
      calls.push({ input, resolve: end(resolve), reject: end(reject) });
    });
  return { calls, run, maxInFlight: () => maxInFlight };
}

const BUSY = { status: 429 };
const flush = () => new Promise<void>((r) => setTimeout(r, 0));

function waits() {
  const pending: { ms: number; go: () => void }[] = [];
  const wait = (ms: number) => new Promise<void>((go) => pending.push({ ms, go }));
  return { pending, wait };
}

describe("LatestOnly: one request in flight, only the latest sent and answered", () => {
  it("sends only the latest of the requests made while one was in flight, once it answers", async () => {
    const s = server();
    const latest = new LatestOnly(s.run, { isBusy: (e) => e === BUSY });
    const answers: Outcome<string>[] = [];
    latest.submit("a", (o) => answers.push(o));
    latest.submit("ab", (o) => answers.push(o));
    latest.submit("abc", (o) => answers.push(o));
    expect(s.calls.map((c) => c.input)).toEqual(["a"]);

    s.calls[0]!.resolve("A");
    await flush();
    // "a" was superseded: its answer is dropped, and "ab" is never sent.
    expect(answers).toEqual([]);
    expect(s.calls.map((c) => c.input)).toEqual(["a", "abc"]);

    s.calls[1]!.resolve("ABC");
    await flush();
    expect(answers).toEqual([{ ok: true, value: "ABC" }]);
    expect(s.maxInFlight()).toBe(1);
  });

  it("treats a busy refusal as 'ask again later': the latest request goes again after a back-off", async () => {
    const s = server();
    const w = waits();
    const latest = new LatestOnly(s.run, { isBusy: (e) => e === BUSY, wait: w.wait });
    const answers: Outcome<string>[] = [];
    latest.submit("a", (o) => answers.push(o));
    s.calls[0]!.reject(BUSY);
    await flush();
    expect(answers).toEqual([]);
    expect(w.pending.map((p) => p.ms)).toEqual([250]);

    // A newer draft while backing off: it, not the refused one, is sent when the wait ends.
    latest.submit("ab", (o) => answers.push(o));
    expect(s.calls).toHaveLength(1);
    w.pending[0]!.go();
    await flush();
    expect(s.calls.map((c) => c.input)).toEqual(["a", "ab"]);

    s.calls[1]!.reject(BUSY);
    await flush();
    expect(w.pending.map((p) => p.ms)).toEqual([250, 500]);
    w.pending[1]!.go();
    await flush();
    expect(s.calls.map((c) => c.input)).toEqual(["a", "ab", "ab"]);
    s.calls[2]!.resolve("AB");
    await flush();
    expect(answers).toEqual([{ ok: true, value: "AB" }]);
  });

  it("delivers other errors, and nothing to a cancelled request", async () => {
    const s = server();
    const latest = new LatestOnly(s.run, { isBusy: (e) => e === BUSY });
    const answers: Outcome<string>[] = [];
    latest.submit("a", (o) => answers.push(o));
    s.calls[0]!.reject(new Error("syntax"));
    await flush();
    expect(answers).toEqual([{ ok: false, error: new Error("syntax") }]);

    const cancel = latest.submit("b", (o) => answers.push(o));
    cancel();
    s.calls[1]!.resolve("B");
    await flush();
    expect(answers).toHaveLength(1);
    expect(latest.inFlight).toBe(0);
  });
});
