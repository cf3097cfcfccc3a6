// Headers that do not depend on the request. The Content-Security-Policy carries a
// per-request nonce, so it is set in proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  // Never to other sites; within the site the Origin header must survive, or forms posted
  // without JavaScript fail Next.js's CSRF check. URLs that carry tokens are no-referrer
  // redirects (proxy.ts).
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

// Pages opened by emailed links are kept out of caches by proxy.ts. The API is never cached
// and never compressed: API_CACHE_CONTROL in lib/shared/routes.ts says why (Next.js would
// also gzip even a 100-byte answer, since it streams them without a length).
const apiCaching = { key: "Cache-Control", value: "no-store, no-transform, max-age=0" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Docker image runs the self-contained server; `npm start` runs `next start`.
  output: process.env.BUILD_STANDALONE === "1" ? "standalone" : undefined,
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded from node_modules at run time: worker threads need real files on disk, not
  // bundled modules; and the logger and the metrics registry stay one per process.
  serverExternalPackages: ["piscina", "pg", "pino", "pino-pretty", "prom-client"],
  outputFileTracingIncludes: {
    "/**": [
      "./lib/auth/passwords/bcrypt-worker.mjs",
      "./node_modules/bcryptjs/**",
      "./prisma/migrations/**",
      "./lib/auth/passwords/common-passwords.txt",
      "./node_modules/@scalar/api-reference/dist/browser/standalone.js",
    ],
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [apiCaching] },
    ];
  },
};

export default nextConfig;
