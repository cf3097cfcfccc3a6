import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { TokenProblem } from "@/components/token-problem";
import { linkOnThisPage } from "@/lib/web/link-token";
import { DELETE_STEPS } from "../steps";
import { AutoDelete } from "./auto-delete";

export const metadata: Metadata = { title: "Deleting your account" };

// The deletion link's target. The GET itself deletes nothing (mail scanners and link
// previews fetch links); the page posts the deletion as soon as it is loaded in a browser,
// with a visible button as the fallback.
export default async function ConfirmDeletionPage() {
  const { problem } = await linkOnThisPage("DELETE_ACCOUNT");
  if (problem) {
    return (
      <AuthShell title="This link cannot be used" steps={DELETE_STEPS} currentStep="deleted">
        <TokenProblem
          message={problem}
          retryHref="/account/delete"
          retryLabel="Ask for a new link"
        />
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Delete your account" steps={DELETE_STEPS} currentStep="deleted">
      <AutoDelete />
    </AuthShell>
  );
}
