import type { User } from "./generated/prisma/client";
import type { LoginResult } from "./login";
import type { ActivationResponse, LoginCompleteResponse, MeResponse } from "./schemas";
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

export function loginSuccessMessage(previousLoginAt: Date | null): string {
  return previousLoginAt
    ? `You are logged in. Your previous login was at ${previousLoginAt.toISOString()}.`
    : "You are logged in. This is your first login.";
}

export function loginBody(result: LoginResult): LoginCompleteResponse {
  return {
    message: loginSuccessMessage(result.previousLoginAt),
    previousLoginAt: result.previousLoginAt?.toISOString() ?? null,
    accessToken: result.session.token,
    tokenType: "Bearer",
    expiresAt: result.session.expiresAt.toISOString(),
  };
}

export function meBody(user: User): MeResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    previousLoginAt: user.previousLoginAt?.toISOString() ?? null,
  };
}
