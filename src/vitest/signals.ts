type Listener = (...args: unknown[]) => void;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The SIGINT/SIGTERM listeners registered right now. */
export function signalListeners(): Map<NodeJS.Signals, Listener[]> {
  return new Map(SIGNALS.map((s) => [s, process.listeners(s) as Listener[]]));
}

/**
 * Removes SIGINT/SIGTERM listeners added since `before`: vitest's logger registers some that exit the
 * process 1 ms after a signal, which inside `enid-test run` would skip the harness's own teardown.
 */
export function removeListenersAddedSince(before: Map<NodeJS.Signals, Listener[]>): void {
  for (const s of SIGNALS) {
    for (const l of process.listeners(s) as Listener[]) if (!before.get(s)?.includes(l)) process.off(s, l);
  }
}

/**
 * Runs `cleanup` first when SIGINT/SIGTERM arrives, then raises the signal again for the listeners that
 * were there before (vitest's, which exit at once). A second signal during cleanup exits immediately.
 * Returns a function that puts the previous listeners back.
 */
export function cleanupBeforeSignalListeners(cleanup: (signal: NodeJS.Signals) => Promise<void>): () => void {
  const saved = signalListeners();
  let received = 0;
  const restore = (): void => {
    for (const s of SIGNALS) {
      process.off(s, handler);
      for (const l of saved.get(s) ?? []) if (!process.listeners(s).includes(l)) process.on(s, l);
    }
  };
  const handler = (signal: NodeJS.Signals): void => {
    received += 1;
    if (received > 1) process.exit(130);
    void cleanup(signal).catch(() => undefined).finally(() => {
      restore();
      // Nobody else listening: the default action ends the process with 128 + signal number.
      process.kill(process.pid, signal);
    });
  };
  for (const s of SIGNALS) {
    for (const l of saved.get(s) ?? []) process.off(s, l);
    process.on(s, handler);
  }
  return restore;
}
