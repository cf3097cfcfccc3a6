import type { ActivationResponse } from "./schemas";
import type { Activation } from "./signup";

// Domain results in the shapes the API promises (lib/schemas.ts).

export const ACTIVATED_MESSAGE =
  "Your account is active. Add the key to your authenticator app and keep the recovery codes somewhere safe: you will need them to log in.";

export function activationBody(activation: Activation): ActivationResponse {
  return {
    message: ACTIVATED_MESSAGE,
    user: { ...activation.user, createdAt: activation.user.createdAt.toISOString() },
    totp: activation.totp,
    recoveryCodes: activation.recoveryCodes,
  };
}
