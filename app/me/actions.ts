"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { TotpEnrolment } from "@/lib/auth/mfa/authenticator";
import { groupKey } from "@/lib/auth/mfa/totp";
import { revokeOtherSessions, revokeSession } from "@/lib/auth/sessions";
import {
  confirmAuthenticatorReplacement,
  startAuthenticatorReplacement,
} from "@/lib/flows/authenticator-replacement";
import { changePassword } from "@/lib/flows/password-change";
import { regenerateRecoveryCodes } from "@/lib/flows/recovery-codes";
import type { FormState } from "@/lib/shared/form-state";
import { accountMessages, authenticatorMessages } from "@/lib/shared/messages";
import { PAGES } from "@/lib/shared/routes";
import {
  authenticatorConfirmRequest,
  authenticatorForm,
  passwordChangeForm,
  regenerateRecoveryCodesForm,
} from "@/lib/shared/schemas";
import { formAction } from "@/lib/web/actions";
import { requireSession } from "@/lib/web/auth";
import { actionContext } from "@/lib/web/request-context";

export async function revokeSessionAction(formData: FormData): Promise<void> {
  const session = await requireSession();
  const id = z.string().max(64).safeParse(formData.get("sessionId"));
  if (id.success) await revokeSession(session.userId, id.data, await actionContext());
  revalidatePath(PAGES.me);
}

export async function revokeOtherSessionsAction(): Promise<void> {
  const session = await requireSession();
  await revokeOtherSessions(session.userId, session.id, await actionContext());
  revalidatePath(PAGES.me);
}

export interface RecoveryCodesState extends FormState {
  codes?: string[];
}

export const regenerateCodesAction = formAction(
  regenerateRecoveryCodesForm,
  async ({ password, totp }, ctx): Promise<RecoveryCodesState> => {
    const session = await requireSession();
    return {
      status: "success",
      message: accountMessages.recoveryCodesReplaced,
      codes: await regenerateRecoveryCodes(session.userId, password, totp, ctx),
    };
  },
);

/** The current session stays; the others end, so the list of sessions is read again. */
export const changePasswordAction = formAction(passwordChangeForm, async (change, ctx) => {
  const session = await requireSession();
  const message = await changePassword(session.userId, session.id, change, ctx);
  revalidatePath(PAGES.me);
  return { status: "success", message };
});

export interface NewKeyState extends FormState {
  /** The new key, shown this once: no page shows it again. */
  key?: TotpEnrolment & { groupedKey: string };
}

export const startReplacementAction = formAction(
  authenticatorForm,
  async (check, ctx): Promise<NewKeyState> => {
    const session = await requireSession();
    const key = await startAuthenticatorReplacement(session.userId, check, ctx);
    return {
      status: "success",
      message: authenticatorMessages.issued,
      key: { ...key, groupedKey: groupKey(key.secret) },
    };
  },
);

export const confirmReplacementAction = formAction(
  authenticatorConfirmRequest,
  async ({ totp }, ctx) => {
    const session = await requireSession();
    return {
      status: "success",
      message: await confirmAuthenticatorReplacement(session.userId, totp, ctx),
    };
  },
);
