// Load shapes for the benchmark: closed loops (each client sends its next request when the
// last one is answered) and a single client sampling latency meanwhile.
import { Worker } from "node:worker_threads";

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Runs `task` from `clients` loops for `seconds`; answers how many completed per second.
 * `task` answers false when it has nothing left to do, which ends its loop early.
 */
export async function closedLoop(
  clients: number,
  seconds: number,
  task: () => Promise<boolean | void>,
): Promise<{ completed: number; seconds: number; perSecond: number; ranOut: boolean }> {
  const until = performance.now() + seconds * 1000;
  let completed = 0;
  let ranOut = false;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        if ((await task()) === false) {
          ranOut = true;
          return;
        }
        if (performance.now() <= until) completed++;
      }
    }),
  );
  const elapsed = (Math.min(performance.now(), until) - started) / 1000;
  return { completed, seconds: elapsed, perSecond: completed / elapsed, ranOut };
}

// The latency sampler runs on a thread of its own: on the load's event loop its timings
// would include the wait for the load's own callbacks, not just the server's answer.
const SAMPLER = `
const { parentPort, workerData } = require("node:worker_threads");
let running = true;
parentPort.once("message", () => (running = false));
(async () => {
  const latencies = [];
  while (running) {
    const start = performance.now();
    const response = await fetch(workerData.url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error("GET " + workerData.url + ": " + response.status);
    latencies.push(performance.now() - start);
  }
  parentPort.postMessage(latencies);
})();
`;

/** One client requesting `url` back to back until stopped; answers the latencies in ms. */
export function sampleLatency(url: string): () => Promise<number[]> {
  const worker = new Worker(SAMPLER, { eval: true, workerData: { url } });
  const latencies = new Promise<number[]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return async () => {
    worker.postMessage("stop");
    const result = await latencies;
    await worker.terminate();
    return result;
  };
}

/** Requests per second that `clients` closed loops get from GET `url`. */
export async function requestRate(
  url: string,
  clients: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<number> {
  const { perSecond } = await closedLoop(clients, seconds, async () => {
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  });
  return perSecond;
}
