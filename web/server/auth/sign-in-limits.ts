// Brute-force protection for sign-in, handed to better-auth. Its limiter keys on (client IP, path);
// it must read the IP from the header our custom server stamps from the socket address (see
// http/client-ip.ts), never from a client-sent X-Forwarded-For: rotating that header would give
// every guess a fresh bucket (by default better-auth believes a single-value X-Forwarded-For, and
// Next only fills that header in when the client left it out).
import { CLIENT_IP_HEADER } from "../http/client-ip";

/** Sign-in and sign-up attempts per client address: 10 per 5 minutes (everything else 300/min). */
export const SIGN_IN_RULE = { window: 300, max: 10 };

export const authRateLimit = {
  enabled: true, // better-auth's default is "production only"; brute force works in dev too
  storage: "memory" as const,
  window: 60,
  max: 300,
  customRules: { "/sign-in/*": SIGN_IN_RULE, "/sign-up/*": SIGN_IN_RULE },
};

export const authIpAddress = { ipAddressHeaders: [CLIENT_IP_HEADER] };
