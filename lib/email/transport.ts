import "server-only";
import { Resend } from "resend";
import { config } from "../server/config";
import { db } from "../server/db";
import { log } from "../server/log";
import type { Email } from "./layout";

// Where mail goes: Resend when RESEND_API_KEY is set, otherwise the server log plus the
// development mailbox (/dev/mailbox), so a fresh checkout works with no mail provider.

export interface OutgoingEmail extends Email {
  id: string;
  to: string;
}

export interface Transport {
  /** Resolves with the provider's message id; throws when the message was not accepted. */
  send(message: OutgoingEmail): Promise<string>;
}

const SEND_TIMEOUT_MS = 15_000;

function resendTransport(apiKey: string, baseUrl: string | undefined, from: string): Transport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    async send(message) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error("Resend did not answer in time")),
          SEND_TIMEOUT_MS,
        );
      });
      try {
        // The idempotency key makes a retry after a timeout safe: Resend sends once.
        const { data, error } = await Promise.race([
          resend.emails.send(
            {
              from,
              to: message.to,
              subject: message.subject,
              text: message.text,
              html: message.html,
            },
            { idempotencyKey: message.id },
          ),
          timeout,
        ]);
        if (error || !data)
          throw new Error(`Resend refused the message: ${error?.message ?? "no id"}`);
        return data.id;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const devTransport: Transport = {
  async send(message) {
    // A pointer for the developer, never the body: links and codes stay out of logs.
    log().info(
      { subject: message.subject, mailbox: `${config().appUrl}/dev/mailbox` },
      "mail kept",
    );
    const saved = await db().devMail.create({
      data: { to: message.to, subject: message.subject, text: message.text, html: message.html },
    });
    return saved.id;
  },
};

export function transport(): Transport {
  const { email } = config();
  return email.resendApiKey
    ? resendTransport(email.resendApiKey, email.resendBaseUrl, email.from)
    : devTransport;
}
