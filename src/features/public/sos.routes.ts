/**
 * The public SOS form: /c/<crisis slug>/sos. Server-rendered, no JavaScript, anonymous by default, in
 * English, French, Arabic (right to left) and Spanish. Spam resistance without a third-party captcha:
 * a per-address rate limit, a honeypot field, and a signed form token that must be at least 2 seconds
 * and at most 24 hours old. A form sent twice (double tap, flaky network) is stored once.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError } from '../../http/errors.ts';
import { safeEqual } from '../../shared/crypto.ts';
import { findCrisisBySlug } from '../crises/crises.repo.ts';
import { normalisePhone, MAX_TEXT_LENGTH } from '../intake/normalise.ts';
import { storeInbound } from '../intake/pipeline.ts';
import { channelInfo } from '../intake/replies.ts';
import { Html, html, page } from './html.ts';
import { publicCss } from './public.css.ts';
import { pickLanguage, type PublicLanguage, sosStrings, type SosStringKey } from './strings.ts';

const MIN_FORM_AGE_MS = 2000;
const MAX_FORM_AGE_MS = 24 * 3_600_000;

interface FormValues {
  message: string;
  place: string;
  precision: string;
  callback: string;
  phone: string;
}

export function formToken(key: Buffer, slug: string, issuedAt: number): string {
  return `${issuedAt}.${createHmac('sha256', key).update(`sos:${slug}:${issuedAt}`).digest('base64url').slice(0, 32)}`;
}

function tokenAge(key: Buffer, slug: string, token: string, now: number): number | undefined {
  const [issued, mac] = token.split('.');
  const issuedAt = Number(issued);
  if (!Number.isInteger(issuedAt) || !mac) return undefined;
  return safeEqual(token, formToken(key, slug, issuedAt)) ? now - issuedAt : undefined;
}

export const sosRoutes: FastifyPluginAsync = async (app) => {
  const t = (key: SosStringKey, language: PublicLanguage): string => sosStrings[key][language];

  app.get('/static/public.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(publicCss),
  );

  function renderForm(reply: FastifyReply, slug: string, crisisName: string, language: PublicLanguage, values: Partial<FormValues>, errors: SosStringKey[], status = 200) {
    const token = formToken(app.secretKey, slug, Date.now());
    const checked = (name: keyof FormValues, value: string, fallback: boolean): Html => new Html((values[name] ?? (fallback ? value : '')) === value ? ' checked' : '');
    const body = html`
<h1>${t('title', language)}</h1>
<p class="small">${crisisName}</p>
<p>${t('intro', language)}</p>
<p class="danger">${t('danger', language)}</p>
${errors.length ? html`<div class="error" role="alert"><strong>${t('errorTitle', language)}</strong><ul>${errors.map((e) => html`<li>${t(e, language)}</li>`)}</ul></div>` : ''}
<form method="post" action="/c/${slug}/sos" accept-charset="utf-8">
<input type="hidden" name="lang" value="${language}">
<input type="hidden" name="token" value="${token}">
<input type="hidden" name="submission" value="${randomUUID()}">
<label for="message">${t('messageLabel', language)}</label>
<p class="hint" id="message-hint">${t('messageHint', language)}</p>
<textarea id="message" name="message" required maxlength="${MAX_TEXT_LENGTH}" aria-describedby="message-hint">${values.message ?? ''}</textarea>
<label for="place">${t('placeLabel', language)}</label>
<p class="hint" id="place-hint">${t('placeHint', language)}</p>
<input type="text" id="place" name="place" maxlength="300" autocomplete="off" aria-describedby="place-hint" value="${values.place ?? ''}">
<fieldset><legend>${t('precisionLabel', language)}</legend>
<label class="choice"><input type="radio" name="precision" value="exact"${checked('precision', 'exact', true)}> ${t('precisionExact', language)}</label>
<label class="choice"><input type="radio" name="precision" value="area"${checked('precision', 'area', false)}> ${t('precisionArea', language)}</label>
<label class="choice"><input type="radio" name="precision" value="city"${checked('precision', 'city', false)}> ${t('precisionCity', language)}</label>
</fieldset>
<fieldset><legend>${t('callbackLabel', language)}</legend>
<label class="choice"><input type="radio" name="callback" value="none"${checked('callback', 'none', true)}> ${t('callbackNone', language)}</label>
<label class="choice"><input type="radio" name="callback" value="sms"${checked('callback', 'sms', false)}> ${t('callbackSms', language)}</label>
<label class="choice"><input type="radio" name="callback" value="whatsapp"${checked('callback', 'whatsapp', false)}> ${t('callbackWhatsapp', language)}</label>
</fieldset>
<label for="phone">${t('phoneLabel', language)}</label>
<input type="tel" id="phone" name="phone" dir="ltr" autocomplete="tel" maxlength="30" value="${values.phone ?? ''}">
<div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${t('send', language)}</button>
</form>
<p class="small">${t('privacy', language)}</p>`;
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page({ language, title: t('title', language), body, languageLinks: (l) => `/c/${slug}/sos?lang=${l}` }));
  }

  function notFound(reply: FastifyReply, language: PublicLanguage) {
    return reply.status(404).type('text/html; charset=utf-8').send(page({ language, title: t('title', language), body: html`<h1>${t('notFound', language)}</h1>` }));
  }

  async function webChannel(slug: string) {
    const crisis = await findCrisisBySlug(app.db, slug);
    if (!crisis) return undefined;
    const channel = await app.db.selectFrom('channels').selectAll().where('crisis_id', '=', crisis.id).where('kind', '=', 'web').where('is_active', '=', true).orderBy('created_at').executeTakeFirst();
    return channel ? { crisis, channel } : undefined;
  }

  app.get<{ Params: { slug: string }; Querystring: { lang?: string } }>('/c/:slug/sos', { schema: { hide: true } }, async (request, reply) => {
    const language = pickLanguage(request.query.lang, request.headers['accept-language']);
    const found = /^[a-z0-9-]{1,80}$/.test(request.params.slug) ? await webChannel(request.params.slug) : undefined;
    if (!found) return notFound(reply, language);
    return renderForm(reply, found.crisis.slug, found.crisis.name, language, {}, []);
  });

  app.post<{ Params: { slug: string }; Body: Record<string, string> }>(
    '/c/:slug/sos',
    { config: { rateLimit: { max: 5, timeWindow: '1 minute' } }, schema: { hide: true } },
    async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      if (typeof request.body !== 'object') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as application/x-www-form-urlencoded');
      const language = pickLanguage(form['lang'], request.headers['accept-language']);
      const found = /^[a-z0-9-]{1,80}$/.test(request.params.slug) ? await webChannel(request.params.slug) : undefined;
      if (!found) return notFound(reply, language);
      const values: FormValues = {
        message: (form['message'] ?? '').slice(0, MAX_TEXT_LENGTH + 1),
        place: (form['place'] ?? '').trim().slice(0, 300),
        precision: ['exact', 'area', 'city'].includes(form['precision'] ?? '') ? (form['precision'] as string) : 'exact',
        callback: ['none', 'sms', 'whatsapp'].includes(form['callback'] ?? '') ? (form['callback'] as string) : 'none',
        phone: (form['phone'] ?? '').trim().slice(0, 30),
      };
      const slug = found.crisis.slug;
      const age = tokenAge(app.secretKey, slug, form['token'] ?? '', Date.now());
      if (age === undefined || age < MIN_FORM_AGE_MS || age > MAX_FORM_AGE_MS) return renderForm(reply, slug, found.crisis.name, language, values, ['errorExpired'], 400);

      const errors: SosStringKey[] = [];
      if (values.message.trim().length === 0) errors.push('errorMessage');
      if (values.message.length > MAX_TEXT_LENGTH) errors.push('errorTooLong');
      const country = found.crisis.affected_countries[0];
      const phone = values.callback !== 'none' && values.phone ? normalisePhone(values.phone, country) : undefined;
      if (values.callback !== 'none' && values.phone && !phone) errors.push('errorPhone');
      if (errors.length > 0) return renderForm(reply, slug, found.crisis.name, language, values, errors, 400);

      const submission = /^[0-9a-f-]{36}$/.test(form['submission'] ?? '') ? (form['submission'] as string) : randomUUID();
      let reference = '';
      // A filled honeypot is a robot: answer as if stored, store nothing.
      if (!form['website']) {
        const [stored] = await storeInbound(
          app.db,
          channelInfo(found.channel),
          [
            {
              from: phone ?? `web:${submission}`,
              text: values.message,
              providerMessageId: submission,
              language,
              ...(values.place ? { location: { place: values.place, precision: values.precision as 'exact' | 'area' | 'city' } } : {}),
            },
          ],
          { key: app.secretKey, defaultCountry: country, referencePrefix: country ?? 'LL', addressIsPhone: phone !== undefined },
        );
        reference = stored?.reference ?? '';
      } else {
        reference = `${country ?? 'LL'}-${randomUUID().slice(0, 6).toUpperCase()}`;
      }
      const body = html`
<h1>${t('thanksTitle', language)}</h1>
<p>${t('thanksReference', language)}</p>
<p class="ref">${reference}</p>
<p>${t('thanksNext', language)}</p>
<p class="danger">${t('danger', language)}</p>
<p><a href="/c/${slug}/sos?lang=${language}">${t('sendAnother', language)}</a></p>`;
      return reply.status(201).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page({ language, title: t('thanksTitle', language), body }));
    },
  );
};
