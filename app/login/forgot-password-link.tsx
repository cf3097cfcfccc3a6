import Link from "next/link";
import { PAGES } from "@/lib/shared/routes";

export function ForgotPasswordLink() {
  return (
    <p className="text-sm text-fg-muted">
      <Link href={PAGES.passwordForgot} className="link">
        Forgot your password?
      </Link>
    </p>
  );
}
