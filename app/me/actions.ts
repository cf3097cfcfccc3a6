"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentSession } from "@/lib/auth";
import { formFailure, parseForm, type FormState } from "@/lib/form-state";
import { regenerateRecoveryCodes } from "@/lib/mfa";
import { regenerateRecoveryCodesForm } from "@/lib/schemas";
import { revokeOtherSessions, revokeSession } from "@/lib/sessions";

async function requireSession() {
  const session = await currentSession();
  if (!session) redirect("/login");
  return session;
}

export async function revokeSessionAction(formData: FormData): Promise<void> {
  const session = await requireSession();
  const id = z.string().max(64).safeParse(formData.get("sessionId"));
  if (id.success) await revokeSession(session.userId, id.data);
  revalidatePath("/me");
}

export async function revokeOtherSessionsAction(): Promise<void> {
  const session = await requireSession();
  await revokeOtherSessions(session.userId, session.id);
  revalidatePath("/me");
}

export interface RecoveryCodesState extends FormState {
  codes?: string[];
}

export async function regenerateCodesAction(
  _state: RecoveryCodesState,
  formData: FormData,
): Promise<RecoveryCodesState> {
  const session = await requireSession();
  const parsed = parseForm(regenerateRecoveryCodesForm, formData);
  if (!parsed.ok) return parsed.state;
  try {
    const codes = await regenerateRecoveryCodes(
      session.userId,
      parsed.data.password,
      parsed.data.totp,
    );
    return {
      status: "success",
      message: "New recovery codes: the old ones no longer work.",
      codes,
    };
  } catch (error) {
    return formFailure(error);
  }
}
