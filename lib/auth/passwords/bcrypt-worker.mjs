// Runs in a piscina worker thread: bcrypt is pure CPU work and would otherwise stall the
// event loop for every request while a hash is computed. Each task reports how long the
// hash itself took (queueing excluded), which sizes the backlog the pool accepts.
import { readlinkSync } from "node:fs";
import os from "node:os";
import bcrypt from "bcryptjs";

// Hashing yields to the event loop: on Linux this thread runs at a lower priority (nice 10),
// so when the cores are all busy hashing, the server still answers at once the requests
// that need no hash, and lets hashes in and out, while every spare cycle still hashes.
if (process.platform === "linux") {
  const thread = Number(readlinkSync("/proc/thread-self").split("/").pop());
  os.setPriority(thread, 10);
}

function timed(work) {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

export function hash({ password, cost }) {
  return timed(() => bcrypt.hashSync(password, cost));
}

export function verify({ password, hash }) {
  return timed(() => bcrypt.compareSync(password, hash));
}
