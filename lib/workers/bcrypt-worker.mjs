// Runs in a piscina worker thread: bcrypt is pure CPU work and would otherwise stall the
// event loop for every request while a hash is computed.
import bcrypt from "bcryptjs";

export function hash({ password, cost }) {
  return bcrypt.hashSync(password, cost);
}

export function verify({ password, hash }) {
  return bcrypt.compareSync(password, hash);
}
