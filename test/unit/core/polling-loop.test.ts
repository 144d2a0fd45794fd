import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../src/core/logger.js";
import { PollingLoop } from "../../../src/core/polling-loop.js";

const logger = createLogger("silent");

/** A loop whose ticks report the given counts in turn (then 0), recording when each ran. */
function scripted(counts: number[], options: Partial<ConstructorParameters<typeof PollingLoop>[2]> = {}) {
  const ticks: number[] = [];
  const loop = new PollingLoop(
    "test",
    async () => {
      ticks.push(Date.now());
      return counts.shift() ?? 0;
    },
    { pollMs: 1000, logger, ...options },
  );
  return { loop, ticks };
}

describe("PollingLoop", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks again at once while it finds work, and sleeps until the poll interval when it finds none", async () => {
    const { loop, ticks } = scripted([5, 5]);
    await loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(999);
    expect(ticks).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toEqual([0, 0, 0, 1000]);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(10);
    await stopped;
  });

  it("a wake-up during the sleep brings the next tick forward, a moment later", async () => {
    const { loop, ticks } = scripted([]);
    await loop.start();
    await vi.advanceTimersByTimeAsync(100);
    loop.wake();
    loop.wake();
    await vi.advanceTimersByTimeAsync(10);
    // The two wake-ups were folded into one tick, 5 ms after the first.
    expect(ticks).toEqual([0, 105]);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(10);
    await stopped;
  });

  it("after a batch that was not full, lets work gather for the given time, wake-ups or not", async () => {
    const { loop, ticks } = scripted([3, 10, 10, 2], { gather: { batchSize: 10, ms: 25 } });
    await loop.start();
    await vi.advanceTimersByTimeAsync(5);
    loop.wake();
    await vi.advanceTimersByTimeAsync(5);
    expect(ticks).toEqual([0]);
    await vi.advanceTimersByTimeAsync(15);
    // Full batches: no pause between them; then a partial one pauses again, then nothing found.
    expect(ticks).toEqual([0, 25, 25, 25]);
    await vi.advanceTimersByTimeAsync(25);
    expect(ticks).toEqual([0, 25, 25, 25, 50]);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(10);
    await stopped;
  });

  it("stop() ends a gathering pause at once", async () => {
    const { loop, ticks } = scripted([1], { gather: { batchSize: 10, ms: 60_000 } });
    await loop.start();
    await vi.advanceTimersByTimeAsync(0);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(0);
    await stopped;
    expect(ticks).toEqual([0]);
    expect(loop.isRunning).toBe(false);
  });

  describe("sleeping until the next item falls due", () => {
    it("sleeps until the earliest due time, between the poll interval and the longest sleep", async () => {
      const dues: (number | null)[] = [4000, 200, null, 60_000];
      const { loop, ticks } = scripted([], { nextDue: async () => dues.shift() ?? null, idleMs: 10_000 });
      await loop.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(ticks).toEqual([0]);
      // Due in 4 s: nothing before then.
      await vi.advanceTimersByTimeAsync(3999);
      expect(ticks).toEqual([0]);
      await vi.advanceTimersByTimeAsync(1);
      expect(ticks).toEqual([0, 4000]);
      // Due in 200 ms: no sooner than the poll interval.
      await vi.advanceTimersByTimeAsync(1000);
      expect(ticks).toEqual([0, 4000, 5000]);
      // Nothing waiting, then due in a minute: the longest sleep each time.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(ticks).toEqual([0, 4000, 5000, 15_000]);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(ticks).toEqual([0, 4000, 5000, 15_000, 25_000]);
      const stopped = loop.stop();
      await vi.advanceTimersByTimeAsync(10);
      await stopped;
    });

    it("a wake-up still cuts a long sleep short, even one that came while the due time was read", async () => {
      let loop!: PollingLoop;
      let wakeWhileReading = true;
      const ticks: number[] = [];
      loop = new PollingLoop(
        "test",
        async () => {
          ticks.push(Date.now());
          return 0;
        },
        {
          pollMs: 1000,
          logger,
          nextDue: async () => {
            if (wakeWhileReading) {
              wakeWhileReading = false;
              loop.wake();
            }
            return null;
          },
        },
      );
      await loop.start();
      await vi.advanceTimersByTimeAsync(0);
      // The notification during the read: the next tick runs at once, not 10 s later.
      expect(ticks).toEqual([0, 0]);
      await vi.advanceTimersByTimeAsync(3000);
      loop.wake();
      await vi.advanceTimersByTimeAsync(5);
      expect(ticks).toEqual([0, 0, 3005]);
      const stopped = loop.stop();
      await vi.advanceTimersByTimeAsync(10);
      await stopped;
    });

    it("polls at the poll interval when the due time cannot be read", async () => {
      const { loop, ticks } = scripted([], {
        nextDue: async () => {
          throw new Error("connection lost");
        },
      });
      await loop.start();
      await vi.advanceTimersByTimeAsync(2000);
      expect(ticks).toEqual([0, 1000, 2000]);
      const stopped = loop.stop();
      await vi.advanceTimersByTimeAsync(10);
      await stopped;
    });
  });
});
