"use client";

import { useEffect, useRef } from "react";

// Scalar's interactive reference, mounted in the page. The bundle is loaded by this script
// (allowed by the CSP's 'strict-dynamic', as this script carries the page's nonce) from
// /docs/scalar.js, and reads the document from /api/openapi.json; "Test request" sends to
// this origin, with a bearer token pasted into its Authentication panel.

interface Scalar {
  createApiReference: (element: HTMLElement, config: Record<string, unknown>) => unknown;
}

// Scalar's colours and fonts. Its light mode takes the site's design tokens
// (app/globals.css). Its dark mode takes the values of the site's dark tokens, not the
// tokens: Scalar draws its request cards dark in either scheme, where the tokens are light.
const customCss = `
.light-mode, .dark-mode {
  --scalar-font: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --scalar-font-code: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
.light-mode {
  --scalar-background-1: var(--bg);
  --scalar-background-2: var(--surface);
  --scalar-background-3: var(--surface-muted);
  --scalar-background-accent: var(--accent-soft);
  --scalar-color-1: var(--fg);
  --scalar-color-2: var(--fg-muted);
  --scalar-color-3: var(--fg-muted);
  --scalar-color-accent: var(--accent-text);
  --scalar-border-color: var(--border);
  --scalar-button-1: var(--accent);
  --scalar-button-1-color: var(--accent-fg);
  --scalar-button-1-hover: var(--accent-hover);
  --scalar-color-red: #b91c1c;
  --scalar-color-orange: #b45309;
  --scalar-color-yellow: #92400e;
  --scalar-color-green: #047857;
  --scalar-color-blue: #1d4ed8;
  --scalar-color-purple: #7e22ce;
}
.dark-mode {
  --scalar-background-1: #09090b;
  --scalar-background-2: #111113;
  --scalar-background-3: #1c1c1f;
  --scalar-background-accent: #1e1b4b;
  --scalar-color-1: #f4f4f5;
  --scalar-color-2: #a1a1aa;
  --scalar-color-3: #a1a1aa;
  --scalar-color-accent: #a5b4fc;
  --scalar-border-color: #27272a;
  --scalar-button-1: #4f46e5;
  --scalar-button-1-color: #ffffff;
  --scalar-button-1-hover: #5b54f0;
  --scalar-color-red: #fca5a5;
  --scalar-color-orange: #fdba74;
  --scalar-color-yellow: #fcd34d;
  --scalar-color-green: #6ee7b7;
  --scalar-color-blue: #93c5fd;
  --scalar-color-purple: #d8b4fe;
}
.scalar-app { background: transparent; }
`;

export function ApiReference() {
  const mount = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = mount.current;
    if (!element) return;
    const script = document.createElement("script");
    script.src = "/docs/scalar.js";
    script.onload = () => {
      const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
      (window as unknown as { Scalar: Scalar }).Scalar.createApiReference(element, {
        url: "/api/openapi.json",
        theme: "none",
        customCss,
        withDefaultFonts: false,
        forceDarkModeState: dark ? "dark" : "light",
        hideDarkModeToggle: true,
        authentication: { preferredSecurityScheme: "bearer" },
        showDeveloperTools: "never",
        // Requests go to the origin the page came from, whatever APP_URL says.
        servers: [{ url: window.location.origin, description: "This Triplock" }],
        // Its "Open API Client" would hand the document to Scalar's hosted client.
        hideClientButton: true,
      });
    };
    document.body.appendChild(script);
    return () => script.remove();
  }, []);
  return (
    <section aria-label="Interactive API reference">
      <noscript>
        <p className="text-sm text-fg-muted">
          The interactive reference needs JavaScript; the document itself is at{" "}
          <a href="/api/openapi.json" className="link">
            /api/openapi.json
          </a>
          .
        </p>
      </noscript>
      {/* Scalar's own, out of React's hands. Not id="api-reference": the bundle would mount
          a second, unconfigured reference there by itself, with Scalar's hosted fonts. */}
      <div ref={mount} id="scalar-reference" />
    </section>
  );
}
