/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and single-process database packages must not be bundled: PGlite keeps one instance
  // per data folder on globalThis, and argon2 loads a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "postgres", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
  // The API is served at /v2/… on the console's origin, as Clarifai clients expect.
  async rewrites() {
    return [{ source: "/v2/:path*", destination: "/api/v2/:path*" }];
  },
  experimental: {
    authInterrupts: true,
  },
};

export default nextConfig;
