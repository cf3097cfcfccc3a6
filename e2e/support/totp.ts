import { generate } from "otplib";

// TOTP codes as an authenticator app shows them, for the API and the browser tests alike
// (so no test-runner imports here): one step book per process, since the server accepts
// each step once per user.

const PERIOD = 30;
const stepNow = () => Math.floor(Date.now() / 1000 / PERIOD);
const lastStep = new Map<string, number>();

/**
 * A TOTP code the server has not seen yet for this secret. The server accepts each step once
 * and only ±1 step around its clock, so every call hands out a later step than the previous
 * one (the current step, else the next), waiting for the clock when both are spent.
 */
export async function nextTotp(secret: string): Promise<string> {
  let step = Math.max(stepNow(), (lastStep.get(secret) ?? -Infinity) + 1);
  while (step > stepNow() + 1) {
    // Both usable steps are spent: wait until the clock reaches `step - 1`.
    await new Promise((r) => setTimeout(r, (step - 1) * PERIOD * 1000 - Date.now() + 250));
    step = Math.max(stepNow(), (lastStep.get(secret) ?? -Infinity) + 1);
  }
  lastStep.set(secret, step);
  return generate({ secret, epoch: step * PERIOD });
}

/** A well-formed code that no step the server accepts right now (or soon) would produce. */
export async function wrongTotp(secret: string): Promise<string> {
  const now = stepNow();
  const valid = new Set(
    await Promise.all(
      [-2, -1, 0, 1, 2, 3].map((d) => generate({ secret, epoch: (now + d) * PERIOD })),
    ),
  );
  for (let n = 0; ; n++) {
    const candidate = String((123456 + n * 111111) % 1_000_000).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}
