import os from "node:os";
import { Worker } from "node:worker_threads";

// The hash limit: how many bcryptjs comparisons per second this machine's cores give when
// they do nothing else. A login checks one password, so it is the ceiling for logins/s.

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
const hash = bcrypt.hashSync("correct horse battery staple", workerData.cost);
const until = Date.now() + workerData.ms;
let count = 0;
while (Date.now() < until) {
  bcrypt.compareSync("correct horse battery staple", hash);
  count++;
}
parentPort.postMessage(count);
`;

/** bcryptjs comparisons per second at `cost`, one worker thread per core, as the app runs them. */
export async function rawHashesPerSecond(cost: number, seconds: number): Promise<number> {
  const threads = os.availableParallelism();
  const counts = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(WORKER, {
            eval: true,
            workerData: { cost, ms: seconds * 1000 },
          });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  // Each worker hashed once before timing; comparisons are all that is counted.
  return counts.reduce((a, b) => a + b, 0) / seconds;
}
