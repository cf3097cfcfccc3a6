import "server-only";
import type { LoginResult } from "../flows/login";
import type { ActivityEntry } from "../auth/security-events";
import type { SessionSummary, SessionUser } from "../auth/sessions";
import type {
  ActivationResponse,
  LoginCompleteResponse,
  MeResponse,
  SecurityEventsResponse,
  SessionsResponse,
} from "../shared/schemas";
import type { Activation } from "../flows/signup";
import { loginMessages, signupMessages } from "../shared/messages";

// Domain results in the shapes the API promises (lib/shared/schemas.ts).

export function activationBody(activation: Activation): ActivationResponse {
  return {
    message: signupMessages.activated,
    user: { ...activation.user, createdAt: activation.user.createdAt.toISOString() },
    totp: activation.totp,
    recoveryCodes: activation.recoveryCodes,
  };
}

export function loginBody(result: LoginResult): LoginCompleteResponse {
  return {
    message: loginMessages.succeeded(result.previousLoginAt),
    previousLoginAt: result.previousLoginAt?.toISOString() ?? null,
    accessToken: result.session.token,
    tokenType: "Bearer",
    expiresAt: result.session.expiresAt.toISOString(),
  };
}

export function meBody(user: SessionUser): MeResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    previousLoginAt: user.previousLoginAt?.toISOString() ?? null,
  };
}

export function sessionsBody(sessions: SessionSummary[]): SessionsResponse {
  return {
    sessions: sessions.map((s) => ({
      ...s,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
    })),
  };
}

export function eventsBody(events: ActivityEntry[]): SecurityEventsResponse {
  return { events: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })) };
}
