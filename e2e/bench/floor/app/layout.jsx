// The framework's floor for page weight: the smallest App Router app with one client
// component, built by the benchmark next to Triplock and measured the same way.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
