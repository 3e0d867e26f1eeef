/**
 * The ingest benchmark's baseline, run as its own process: the connector's Express version with `express.json()` and
 * one route that answers 202 `{}` storing nothing. What is left of the connector's time once this is subtracted is the
 * product's own work: auth, validation, rate limits, the durable write.
 *
 * Listens on 127.0.0.1:$PORT and says `ready` on stderr; exits on SIGTERM.
 */
import express from 'express';

const app = express();
app.use(express.json({ limit: '100kb' }));
app.post('/api/v1/calls/events', (_req, res) => {
  res.status(202).json({});
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stderr.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
