import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a logged object. Secrets must also never be put in messages; this is
 * the second line of defence for objects logged whole (headers, settings, CRM responses).
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'authorizationPassword',
  '*.authorizationPassword',
  '*.*.authorizationPassword',
  'sealedPassword',
  '*.sealedPassword',
  'secretsKey',
  '*.secretsKey',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'refreshToken',
  '*.refreshToken',
  'refresh_token',
  '*.refresh_token',
  'clientSecret',
  '*.clientSecret',
  'privateKeyPem',
  '*.privateKeyPem',
  '*.*.privateKeyPem',
  'assertion',
  '*.assertion',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** Structured JSON logs on stdout (or `destination`, for tests that read what was logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'connector' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
