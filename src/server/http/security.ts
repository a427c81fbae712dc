/**
 * Security headers and CORS. Office on the web frames the task pane, so there is no
 * X-Frame-Options and the CSP's frame-ancestors names Office's hosts instead. CORS answers only
 * the allow-listed origins: in production the add-in and the API share one origin and need none.
 */
import helmet from "@fastify/helmet";
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";

/** Hosts that may frame the task pane (Office on the web, Outlook/Teams hosts of Office). */
export const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  "https://*.office.com",
  "https://*.officeapps.live.com",
  "https://*.microsoft.com",
  "https://*.office365.com",
  "https://*.sharepoint.com",
];

/** office.js must load from Microsoft's CDN (taskpane.html). */
const OFFICE_SCRIPT_SOURCES = [
  "https://appsforoffice.microsoft.com",
  "https://*.office.com",
  "https://*.officeapps.live.com",
];

/** Registered on the root app (not encapsulated) so the headers apply to every route. */
export async function registerSecurity(app: FastifyInstance, options: { allowedOrigins: string[] }): Promise<void> {
  await app.register(helmet, {
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: "cross-origin" },
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", ...OFFICE_SCRIPT_SOURCES],
        "style-src": [
          "'self'",
          "'unsafe-inline'",
          "https://*.office.com",
          "https://res-1.cdn.office.net",
          "https://res.cdn.office.net",
        ],
        "img-src": ["'self'", "data:", "https://*.office.com", "https://*.officeapps.live.com"],
        "font-src": [
          "'self'",
          "data:",
          "https://*.office.com",
          "https://res-1.cdn.office.net",
          "https://res.cdn.office.net",
        ],
        "connect-src": ["'self'", ...OFFICE_SCRIPT_SOURCES, "https://*.microsoft.com"],
        "frame-src": ["'self'", "https://*.office.com", "https://*.officeapps.live.com", "https://*.microsoft.com"],
        "frame-ancestors": OFFICE_FRAME_ANCESTORS,
      },
    },
  });
  const allowed = new Set(options.allowedOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ["GET", "POST"],
    allowedHeaders: ["content-type", "x-api-key"],
    maxAge: 600,
  });
}
