/**
 * The only module that reads process.env. Parses it once with zod and fails fast with
 * a message that names the bad variable and the rule it broke.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PUBLIC_URL: z.url({ message: 'must be a full URL such as https://lifeline.example.org' }).optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(10),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  BODY_LIMIT_BYTES: z.coerce
    .number({ message: 'must be a whole number of bytes' })
    .int('must be a whole number of bytes')
    .min(1024, 'must be at least 1024')
    .max(50 * 1024 * 1024, 'must be at most 52428800 (50 MB)')
    .default(256 * 1024),
  TRUST_PROXY: bool.default(false),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .default(10),
  WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_000_000, 'must be at most 10000000')
    .default(120_000),
  SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=?$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  SHUTDOWN_GRACE_MS: z.coerce
    .number({ message: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must not be negative')
    .default(10_000),
  MAP_TILES_URL: z
    .url({ protocol: /^https$/, message: 'must be an https address of raster tiles such as https://tiles.example.org/{z}/{x}/{y}.png' })
    .refine((v) => ['{z}', '{x}', '{y}'].every((part) => v.includes(part)), 'must contain {z}, {x} and {y}')
    .refine((v) => /^https:\/\/[^/{}]+\//.test(v), 'must name one tile server (no {s} in the host name)')
    .optional(),
  MAP_TILES_ATTRIBUTION: z.string().max(300, 'must be at most 300 characters').optional(),
});

export type Config = {
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  trustProxy: boolean;
  /** Key for encrypting secrets at rest (TOTP secrets, channel credentials); from SECRET_KEY or DATA_DIR/secret.key. */
  secretKey: string | undefined;
  /** Sign-in, two-factor, invitation and reset attempts per minute per client address. */
  authRateLimitPerMinute: number;
  /** Webhook requests per minute from one gateway address (signatures, not this limit, keep strangers out). */
  webhookRateLimitPerMinute: number;
  shutdownGraceMs: number;
  /** Online raster tiles drawn under the console map's offline base map, when set; the offline base map otherwise. */
  mapTilesUrl: string | undefined;
  /** The credit the tile provider asks for, shown on the map with its tiles. */
  mapTilesAttribution: string | undefined;
};

/** Thrown when the environment is wrong; the CLI prints `message` on one line and exits 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parse an environment (process.env by default). Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name} ${issue.message} (got "${cleaned[name] ?? ''}")`;
    });
    throw new ConfigError(`Invalid environment variable: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    dataDir: e.DATA_DIR.startsWith('memory://') ? e.DATA_DIR : path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    secretKey: e.SECRET_KEY,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    webhookRateLimitPerMinute: e.WEBHOOK_RATE_LIMIT_PER_MINUTE,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    mapTilesUrl: e.MAP_TILES_URL,
    mapTilesAttribution: e.MAP_TILES_ATTRIBUTION,
  };
}

/** Every variable, its default and its meaning: used by `lifeline doctor` and kept in step with the README. */
export const configVariables: ReadonlyArray<{ name: string; default: string; meaning: string }> = [
  { name: 'PORT', default: '3000', meaning: 'TCP port the server listens on (0 picks a free port)' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'Interface to listen on; 0.0.0.0 for all' },
  { name: 'PUBLIC_URL', default: '(unset)', meaning: 'External URL, used in links and to mark cookies Secure when https' },
  { name: 'DATA_DIR', default: './data', meaning: 'Directory of the embedded PGlite database (ignored when DATABASE_URL is set)' },
  { name: 'DATABASE_URL', default: '(unset)', meaning: 'PostgreSQL 15+ connection string; when set, PGlite is not used' },
  { name: 'DATABASE_POOL_SIZE', default: '10', meaning: 'PostgreSQL connections in the pool (PGlite always uses 1)' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'BODY_LIMIT_BYTES', default: '262144', meaning: 'Largest request body accepted' },
  { name: 'TRUST_PROXY', default: 'false', meaning: 'Trust X-Forwarded-* headers from a reverse proxy' },
  { name: 'AUTH_RATE_LIMIT_PER_MINUTE', default: '10', meaning: 'Sign-in, two-factor, invitation and password-reset attempts per minute from one address' },
  { name: 'WEBHOOK_RATE_LIMIT_PER_MINUTE', default: '120000', meaning: 'Webhook requests per minute from one gateway address' },
  {
    name: 'SECRET_KEY',
    default: '(DATA_DIR/secret.key)',
    meaning: 'Base64 32-byte key that encrypts secrets at rest; created in DATA_DIR on first start if unset. Set it (the same on every node) with DATABASE_URL',
  },
  { name: 'SHUTDOWN_GRACE_MS', default: '10000', meaning: 'How long SIGTERM waits for requests in flight' },
  { name: 'MAP_TILES_URL', default: '(unset)', meaning: 'https address of online raster tiles ({z}, {x}, {y}) drawn under the console map; unset, the map uses only its offline base map' },
  { name: 'MAP_TILES_ATTRIBUTION', default: '(unset)', meaning: 'The credit the tile provider asks for, shown on the map with its tiles' },
];
