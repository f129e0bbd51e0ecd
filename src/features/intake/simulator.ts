/**
 * A gateway simulator: plays a realistic stream of signed provider webhooks (Twilio-style SMS) at a
 * Lifeline server, and retries like a real gateway when it gets no 2xx (or no answer) until it does.
 * Used by `lifeline simulate-gateway` and by bench/intake-load.ts. Loopback targets only.
 */
import { randomInt } from 'node:crypto';
import { twilioSignature } from './adapters/twilio.ts';

const samples = [
  'We are 12 people trapped near the bridge, 3 children, no water',
  'نحن محاصرون في بحري، نحتاج إلى ماء وطعام، معنا طفل مريض',
  "Nous sommes 8 étudiants bloqués, plus d'argent, comment partir ?",
  'Necesitamos un médico, hay una persona herida en la calle',
  'እባካችሁ እርዱን፣ ፓስፖርታችን ተይዟል',
  'Waxaan u baahanahay biyo iyo cunto, carruur ayaa nala jira',
  'Tunahitaji msaada, tuko watu 20 bila chakula',
  'Нам нужна эвакуация, здесь стреляют',
  'ہمیں مدد کی ضرورت ہے، ہمارے پاس پانی نہیں ہے',
  'আমরা আটকে আছি, সাহায্য দরকার',
  '🆘 help',
];

export interface SimulatedMessage {
  sid: string;
  params: Record<string, string>;
}

export function makeMessages(count: number, prefix: string, senders = 500): SimulatedMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const sid = `${prefix}${String(i).padStart(8, '0')}`;
    const sender = `+2499${String(10_000_000 + randomInt(senders)).padStart(8, '0')}`;
    return { sid, params: { MessageSid: sid, AccountSid: 'ACsimulator', From: sender, To: '+249900000000', Body: `${samples[i % samples.length]} #${i}`, NumMedia: '0' } };
  });
}

export interface SimulatorOptions {
  /** Base URL of the server as the provider would call it, e.g. http://127.0.0.1:3000 */
  url: string;
  channelId: string;
  authToken: string;
  /** Messages per second to start (0 = as fast as `maxInFlight` allows). */
  rate: number;
  maxInFlight: number;
  /** Give up on a message after this long (a real gateway retries for hours). */
  giveUpAfterMs: number;
  /** Time for one attempt before it counts as no answer. */
  attemptTimeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SimulatorResult {
  sent: number;
  acknowledged: number;
  gaveUp: number;
  attempts: number;
  retries: number;
  /** Time from first send to the 2xx answer, per acknowledged message, in ms (includes retries). */
  ackLatenciesMs: number[];
  /** Time of the successful attempt alone, in ms. */
  attemptLatenciesMs: number[];
  elapsedMs: number;
}

export async function runSimulator(messages: SimulatedMessage[], options: SimulatorOptions): Promise<SimulatorResult> {
  const target = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('the simulator only targets this machine (127.0.0.1)');
  const path = `/webhooks/twilio/${options.channelId}`;
  const signedUrl = `${options.url}${path}`;
  const result: SimulatorResult = { sent: messages.length, acknowledged: 0, gaveUp: 0, attempts: 0, retries: 0, ackLatenciesMs: [], attemptLatenciesMs: [], elapsedMs: 0 };
  const start = performance.now();
  let inFlight = 0;
  let next = 0;
  let done = 0;

  async function deliver(message: SimulatedMessage): Promise<void> {
    const first = performance.now();
    const body = new URLSearchParams(message.params).toString();
    const signature = twilioSignature(options.authToken, signedUrl, message.params);
    for (let attempt = 0; ; attempt += 1) {
      result.attempts += 1;
      if (attempt > 0) result.retries += 1;
      const t0 = performance.now();
      try {
        const response = await fetch(signedUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body,
          signal: AbortSignal.timeout(options.attemptTimeoutMs ?? 10_000),
        });
        await response.arrayBuffer();
        if (response.ok) {
          result.acknowledged += 1;
          result.ackLatenciesMs.push(performance.now() - first);
          result.attemptLatenciesMs.push(performance.now() - t0);
          return;
        }
      } catch {
        // no answer: the server is down or the attempt timed out; retry like a gateway
      }
      if (performance.now() - first > options.giveUpAfterMs) {
        result.gaveUp += 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** Math.min(attempt, 5))));
    }
  }

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsedS = (performance.now() - start) / 1000;
      const allowed = options.rate > 0 ? Math.min(messages.length, Math.floor(elapsedS * options.rate) + 1) : messages.length;
      while (next < allowed && inFlight < options.maxInFlight) {
        const message = messages[next] as SimulatedMessage;
        next += 1;
        inFlight += 1;
        void deliver(message).finally(() => {
          inFlight -= 1;
          done += 1;
          options.onProgress?.(done, messages.length);
          if (done === messages.length) resolve();
        });
      }
      if (done < messages.length) setTimeout(tick, next < messages.length ? 2 : 50);
    };
    if (messages.length === 0) resolve();
    else tick();
  });
  result.elapsedMs = performance.now() - start;
  return result;
}
