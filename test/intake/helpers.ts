/** Intake fixtures: a crisis, an organisation, channels with secrets, signed webhook requests, a fake provider. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sealSecrets, type ChannelSecrets } from '../../src/features/intake/channel-secrets.ts';
import { twilioSignature } from '../../src/features/intake/adapters/twilio.ts';
import type { TestApp } from '../helpers/app.ts';

export async function buildChannel(t: TestApp, values: { crisisId: string; organisationId: string; kind: string; secrets?: ChannelSecrets; settings?: Record<string, unknown>; address?: string; sendPerSecond?: number }) {
  return t.db
    .insertInto('channels')
    .values({
      crisis_id: values.crisisId,
      organisation_id: values.organisationId,
      kind: values.kind,
      name: `${values.kind} channel`,
      address: values.address ?? '+249900000000',
      credentials_encrypted: values.secrets ? sealSecrets(values.secrets, t.app.secretKey) : null,
      settings: JSON.stringify(values.settings ?? {}),
      ...(values.sendPerSecond ? { send_per_second: values.sendPerSecond } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const TWILIO_TOKEN = 'twilio-auth-token-for-tests';

/** A Twilio SMS webhook, signed as Twilio signs it (for the URL the test app is reached at). */
export function twilioRequest(channelId: string, params: Record<string, string>, token = TWILIO_TOKEN) {
  const url = `/webhooks/twilio/${channelId}`;
  const signature = twilioSignature(token, `http://localhost:80${url}`, params);
  return {
    method: 'POST' as const,
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, host: 'localhost:80' },
    payload: new URLSearchParams(params).toString(),
  };
}

export interface FakeProvider {
  url: string;
  requests: Array<{ path: string; body: string; headers: http.IncomingHttpHeaders }>;
  /** Answers for the next requests, in order; afterwards 200 with a generated id. */
  script: Array<{ status: number; headers?: Record<string, string>; body?: string }>;
  close(): Promise<void>;
}

/** The outside world: a provider API on loopback that records what Lifeline sends. */
export async function startFakeProvider(): Promise<FakeProvider> {
  const requests: FakeProvider['requests'] = [];
  const script: FakeProvider['script'] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const next = script.shift();
      n += 1;
      res.writeHead(next?.status ?? 201, { 'content-type': 'application/json', ...(next?.headers ?? {}) });
      res.end(next?.body ?? JSON.stringify({ sid: `SM${n}`, messages: [{ id: `wamid.${n}` }], result: { message_id: n } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, script, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
