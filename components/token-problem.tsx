import { Alert } from "./ui/alert";
import { ButtonLink } from "./ui/button";

/** What an expired, used or unknown link shows instead of its form. */
export function TokenProblem({
  message,
  retryHref,
  retryLabel,
}: {
  message: string;
  retryHref: string;
  retryLabel: string;
}) {
  return (
    <div className="space-y-5">
      <Alert variant="error">{message}</Alert>
      <ButtonLink href={retryHref} variant="secondary" className="w-full">
        {retryLabel}
      </ButtonLink>
    </div>
  );
}
