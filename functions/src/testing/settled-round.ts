import { roundInProgress } from '../contracts/admin';

/**
 * A round route answers 202 while the round worker plans or publishes it (the local host runs the worker on
 * Azurite's `rounds` queue); tests and benchmarks against the stack read the round until it is settled, as the tab
 * does.
 */
export async function settledRound<R extends { status: string }>(
  read: () => Promise<R>,
  options: { intervalMs?: number; limitMs?: number } = {},
): Promise<R> {
  const deadline = Date.now() + (options.limitMs ?? 120_000);
  for (;;) {
    const round = await read();
    if (!roundInProgress(round)) return round;
    if (Date.now() > deadline) throw new Error(`The round is still ${round.status} after the time limit.`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
