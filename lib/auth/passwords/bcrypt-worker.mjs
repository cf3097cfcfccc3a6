// Runs in a piscina worker thread: bcrypt is pure CPU work and would otherwise stall the
// event loop for every request while a hash is computed. Each task reports how long the
// hash itself took (queueing excluded), which sizes the backlog the pool accepts.
import bcrypt from "bcryptjs";

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
