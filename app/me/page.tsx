import type { Metadata } from "next";
import type { ReactNode } from "react";
import { LocalTime } from "@/components/local-time";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { listEvents } from "@/lib/auth/security-events";
import { listSessions } from "@/lib/auth/sessions";
import { requireSession } from "@/lib/web/auth";
import { revokeOtherSessionsAction, revokeSessionAction } from "./actions";
import { ChangePasswordForm } from "./change-password-form";
import { RecoveryCodesForm } from "./recovery-codes-form";
import { ReplaceAuthenticator } from "./replace-authenticator";

export const metadata: Metadata = { title: "Your account" };

const ACTIVITY_SHOWN = 20;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-3">
      <dt className="text-sm text-fg-muted">{label}</dt>
      <dd className="text-sm font-medium text-fg sm:col-span-2">{children}</dd>
    </div>
  );
}

export default async function MePage() {
  const current = await requireSession();
  const { user } = current;
  const [sessions, activity] = await Promise.all([
    listSessions(user.id, current.id),
    listEvents(user.id, ACTIVITY_SHOWN),
  ]);
  const others = sessions.filter((s) => !s.current);

  return (
    <div className="mx-auto w-full max-w-3xl space-y-8 px-4 py-10">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Your account</h1>
        <p className="mt-1 text-sm text-fg-muted">Signed in as {user.email}</p>
      </div>

      <Card>
        <CardHeader as="h2" title="Who you are" />
        <CardContent>
          <dl className="divide-y divide-border">
            <Row label="Email">{user.email}</Row>
            <Row label="Name">{user.name ?? "—"}</Row>
            <Row label="Member since">
              <LocalTime iso={user.createdAt.toISOString()} />
            </Row>
            <Row label="This login">
              <LocalTime iso={user.lastLoginAt?.toISOString()} />
            </Row>
            <Row label="Previous login">
              <LocalTime
                iso={user.previousLoginAt?.toISOString()}
                fallback="This is your first login"
              />
            </Row>
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader
          as="h2"
          title="Active sessions"
          description="Browsers and API clients signed in to your account."
        />
        <CardContent className="space-y-4">
          <ul className="divide-y divide-border">
            {sessions.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="text-sm">
                  <p className="font-medium text-fg">
                    {s.device}
                    {s.current && (
                      <span className="ml-2 rounded-full bg-accent-soft px-2 py-0.5 text-xs text-accent-text">
                        This device
                      </span>
                    )}
                  </p>
                  <p className="text-fg-muted">
                    {s.ip ?? "unknown IP"} · signed in <LocalTime iso={s.createdAt.toISOString()} />{" "}
                    · last seen <LocalTime iso={s.lastSeenAt.toISOString()} />
                  </p>
                </div>
                {!s.current && (
                  <form action={revokeSessionAction}>
                    <input type="hidden" name="sessionId" value={s.id} />
                    <Button
                      type="submit"
                      variant="secondary"
                      size="sm"
                      aria-label={`Sign out ${s.device} from ${s.ip ?? "unknown IP"}`}
                    >
                      Sign out
                    </Button>
                  </form>
                )}
              </li>
            ))}
          </ul>
          {others.length > 0 && (
            <form action={revokeOtherSessionsAction}>
              <Button type="submit" variant="secondary">
                Sign out everywhere else
              </Button>
            </form>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader
          as="h2"
          title="Recent activity"
          description="Logins, failed attempts and changes to your account. If you do not recognise one, change your password and sign out everywhere else."
        />
        <CardContent>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">
                The {ACTIVITY_SHOWN} most recent security events of your account
              </caption>
              <thead className="text-fg-muted">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Time
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    What happened
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Browser
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    IP address
                  </th>
                </tr>
              </thead>
              <tbody>
                {activity.map((e) => (
                  <tr key={e.id} className="border-t border-border" data-event={e.type}>
                    <td className="py-2 pr-4">
                      <LocalTime iso={e.createdAt.toISOString()} />
                    </td>
                    <td className="py-2 pr-4">
                      <span
                        className={e.outcome === "FAILURE" ? "font-medium text-danger-text" : ""}
                      >
                        {e.summary}
                      </span>
                      {e.detail && <span className="text-fg-muted"> ({e.detail})</span>}
                    </td>
                    <td className="py-2 pr-4">{e.device}</td>
                    <td className="py-2 font-mono text-xs">{e.ip ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader
          as="h2"
          title="Change password"
          description="With your current password and a code from your authenticator. You stay signed in here; every other session is signed out."
        />
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>

      <Card>
        <CardHeader
          as="h2"
          title="Replace your authenticator"
          description="New phone, or lost the old one? Get a new key with your password and a code from the current key (or a recovery code). The old key works until the new one is confirmed."
        />
        <CardContent>
          <ReplaceAuthenticator email={user.email} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader
          as="h2"
          title="Recovery codes"
          description="Lost your codes, or used several? Generate a new set; the old codes stop working."
        />
        <CardContent>
          <RecoveryCodesForm email={user.email} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader
          as="h2"
          title="Delete account"
          description="Remove your account and everything in it. We email you a link to confirm."
        />
        <CardContent className="flex flex-wrap gap-3">
          <ButtonLink href="/account/delete" variant="danger">
            Delete account
          </ButtonLink>
          <ButtonLink href="/logout" variant="secondary" prefetch={false}>
            Log out
          </ButtonLink>
        </CardContent>
      </Card>
    </div>
  );
}
