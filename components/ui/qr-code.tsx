import { cn } from "./cn";

export type QrCodeProps = {
  /** A complete SVG document, as produced by `QRCode.toString(text, { type: "svg" })`. */
  svg: string;
  label: string;
  className?: string;
};

// btoa needs a binary string; going through UTF-8 bytes keeps it safe for any input and
// works in both server and client components (no Buffer).
function toBase64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Renders the QR code as an image so its markup is never injected into the page. */
export function QrCode({ svg, label, className }: QrCodeProps) {
  return (
    // Always dark on white: scanners need the contrast whatever the colour scheme.
    <div
      className={cn(
        "inline-block shrink-0 rounded-lg border border-border bg-white p-3",
        className,
      )}
    >
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL needs no optimisation */}
      <img
        src={`data:image/svg+xml;base64,${toBase64(svg)}`}
        alt={label}
        width={176}
        height={176}
        className="block size-44"
      />
    </div>
  );
}
