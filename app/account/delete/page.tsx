import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { currentSession } from "@/lib/web/auth";
import { DeleteRequestForm } from "./delete-request-form";
import { DELETE_STEPS } from "./steps";

export const metadata: Metadata = { title: "Delete your account" };

export default async function DeleteAccountPage() {
  const session = await currentSession();
  return (
    <AuthShell
      title="Delete your account"
      description="Confirm with your email and password; we then email you a link that deletes the account for good."
      steps={DELETE_STEPS}
      currentStep="credentials"
    >
      <DeleteRequestForm email={session?.user.email ?? undefined} />
    </AuthShell>
  );
}
