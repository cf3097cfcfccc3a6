import "server-only";
// One branded layout for every email: a text part and an HTML part built from the same
// blocks, so the two never drift apart.

export type Block =
  | { kind: "paragraph"; text: string }
  | { kind: "button"; label: string; url: string }
  | { kind: "code"; label: string; code: string }
  | { kind: "facts"; rows: [string, string][] }
  | { kind: "note"; text: string };

export interface Email {
  subject: string;
  text: string;
  html: string;
}

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function blockText(block: Block): string {
  switch (block.kind) {
    case "paragraph":
    case "note":
      return block.text;
    case "button":
      return `${block.label}:\n${block.url}`;
    case "code":
      return `${block.label}: ${block.code}`;
    case "facts":
      return block.rows.map(([k, v]) => `${k}: ${v}`).join("\n");
  }
}

const font =
  "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function blockHtml(block: Block): string {
  switch (block.kind) {
    case "paragraph":
      return `<p style="margin:0 0 16px;font-size:15px;line-height:24px;color:#1f2937">${escape(block.text)}</p>`;
    case "note":
      return `<p style="margin:0 0 16px;font-size:13px;line-height:20px;color:#6b7280">${escape(block.text)}</p>`;
    case "button":
      return `<p style="margin:24px 0"><a href="${escape(block.url)}" style="display:inline-block;background:#4338ca;color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 20px;border-radius:8px">${escape(block.label)}</a></p>
<p style="margin:0 0 16px;font-size:12px;line-height:18px;color:#6b7280;word-break:break-all">Or paste this address into your browser: ${escape(block.url)}</p>`;
    case "code":
      return `<p style="margin:0 0 6px;font-size:13px;color:#6b7280">${escape(block.label)}</p>
<p style="margin:0 0 20px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:28px;letter-spacing:6px;font-weight:700;color:#111827">${escape(block.code)}</p>`;
    case "facts":
      return `<table role="presentation" style="margin:0 0 16px;font-size:14px;color:#1f2937">${block.rows
        .map(
          ([k, v]) =>
            `<tr><td style="padding:2px 16px 2px 0;color:#6b7280">${escape(k)}</td><td style="padding:2px 0">${escape(v)}</td></tr>`,
        )
        .join("")}</table>`;
  }
}

export function renderEmail(subject: string, heading: string, blocks: Block[]): Email {
  const footer = "You are receiving this because someone used this address on Triplock.";
  const text = [`Triplock — ${heading}`, ...blocks.map(blockText), "—", footer].join("\n\n") + "\n";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;${font}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #e5e7eb;border-radius:12px">
<tr><td style="padding:24px 32px;border-bottom:1px solid #e5e7eb;${font};font-size:17px;font-weight:700;color:#111827">&#128274; Triplock</td></tr>
<tr><td style="padding:32px;${font}">
<h1 style="margin:0 0 20px;font-size:20px;line-height:28px;color:#111827">${escape(heading)}</h1>
${blocks.map(blockHtml).join("\n")}
</td></tr>
<tr><td style="padding:20px 32px;border-top:1px solid #e5e7eb;${font};font-size:12px;line-height:18px;color:#6b7280">${escape(footer)}</td></tr>
</table></td></tr></table>
</body></html>`;
  return { subject, text, html };
}
