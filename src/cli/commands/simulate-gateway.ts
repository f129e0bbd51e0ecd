/** `lifeline simulate-gateway`: play signed Twilio-style SMS webhooks at a local Lifeline server. */
import { makeMessages, runSimulator } from '../../features/intake/simulator.ts';
import { type Command, UsageError } from '../command.ts';

function whole(value: string | boolean | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${name} must be a whole number from 0 to ${max}`);
  return n;
}

export const simulateGatewayCommand: Command = {
  name: 'simulate-gateway',
  summary: 'Send a realistic stream of signed SMS webhooks to a local server (demos, load tests)',
  usage: 'lifeline simulate-gateway --channel <id> --token <twilio auth token> [--url http://127.0.0.1:3000] [--count 100] [--rate 10]',
  help: 'The channel must be a Twilio channel whose auth token is --token. Failed deliveries are retried like a gateway does. Only 127.0.0.1/localhost are accepted.',
  options: { url: { type: 'string' }, channel: { type: 'string' }, token: { type: 'string' }, count: { type: 'string' }, rate: { type: 'string' }, 'in-flight': { type: 'string' } },
  async run({ values }, io) {
    const channel = values['channel'];
    const token = values['token'];
    if (typeof channel !== 'string' || !/^[0-9a-f-]{36}$/.test(channel)) throw new UsageError('--channel must be the channel id (a UUID)');
    if (typeof token !== 'string' || token.length < 8) throw new UsageError("--token must be the channel's Twilio auth token");
    const url = typeof values['url'] === 'string' ? values['url'].replace(/\/$/, '') : 'http://127.0.0.1:3000';
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      throw new UsageError('--url must be a URL such as http://127.0.0.1:3000');
    }
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) throw new UsageError('--url must point at this machine (127.0.0.1 or localhost)');
    const count = whole(values['count'], 'count', 100, 1_000_000);
    const rate = whole(values['rate'], 'rate', 10, 100_000);
    const inFlight = whole(values['in-flight'], 'in-flight', 64, 10_000) || 64;
    const result = await runSimulator(makeMessages(count, `SMsim${Date.now()}`), { url, channelId: channel, authToken: token, rate, maxInFlight: inFlight, giveUpAfterMs: 120_000 });
    const sorted = [...result.ackLatenciesMs].sort((a, b) => a - b);
    const p = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
    io.out(`sent ${result.sent}, acknowledged ${result.acknowledged}, gave up ${result.gaveUp}, retries ${result.retries}, ${(result.acknowledged / (result.elapsedMs / 1000)).toFixed(0)}/s; ack p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);
    return result.gaveUp === 0 ? 0 : 1;
  },
};
