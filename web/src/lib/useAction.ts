import { useCallback, useState } from "react";

/**
 * The state of one request a form or button makes: `busy` while `run`'s work is under way
 * (so the control can be disabled), and the error it failed with, cleared at the next run.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
